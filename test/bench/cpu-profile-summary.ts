import { readFileSync } from 'node:fs';

/** The parts of a V8 `.cpuprofile` (what `--cpu-prof` writes) read here. */
interface CpuProfile {
  nodes: { id: number; hitCount?: number; callFrame: { functionName: string; url: string } }[];
  startTime: number;
  endTime: number;
  samples: number[];
}

// (program) is native work V8 cannot put on a JS function: busy all the same.
const NOT_BUSY = new Set(['(idle)', '(root)']);

/**
 * Where a process's busy time went, from its CPU profile: self time by
 * package (a node_modules package, one of ours, Node's internals, the
 * garbage collector) and the busiest functions, as printable lines. Time is
 * counted in samples, each the profile's mean sampling interval.
 */
export function summariseCpuProfile(file: string, top = 12): string[] {
  let profile: CpuProfile;
  try {
    profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  } catch (error) {
    return [`(not readable: ${(error as Error).message})`];
  }
  const msPerSample = (profile.endTime - profile.startTime) / 1000 / profile.samples.length;
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busy = 0;
  for (const node of profile.nodes) {
    const { functionName, url } = node.callFrame;
    const hits = node.hitCount ?? 0;
    if (!hits || NOT_BUSY.has(functionName)) continue;
    busy += hits;
    const where = packageOf(url, functionName);
    byPackage.set(where, (byPackage.get(where) ?? 0) + hits);
    const fn = url ? `${functionName || '(anonymous)'} (${shortUrl(url)})` : functionName;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + hits);
  }
  const lines = (counts: Map<string, number>) =>
    [...counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, hits]) => `${((hits / busy) * 100).toFixed(1).padStart(5)}%  ${name}`);
  return [
    `busy ${Math.round(busy * msPerSample)} ms over the API's life (start-up included); self time by package:`,
    ...lines(byPackage),
    'busiest functions (self time):',
    ...lines(byFunction),
  ];
}

function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const [scope, name] = url.slice(modules + '/node_modules/'.length).split('/');
    return scope?.startsWith('@') ? `${scope}/${name}` : (scope ?? url);
  }
  const ours = /\/(packages|services)\/([^/]+)\//.exec(url);
  return ours ? `${ours[1]}/${ours[2]}` : url;
}

function shortUrl(url: string): string {
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) return url.slice(modules + '/node_modules/'.length);
  const ours = /\/((?:packages|services)\/.*)$/.exec(url);
  return ours?.[1] ?? url.replace(/^node:/, '');
}
