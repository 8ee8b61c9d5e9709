import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';

const DASHBOARD_DIR = path.join(
  path.dirname(require.resolve('@referral/api/package.json')),
  '..',
  'dashboard',
);

const BundleSize = z.object({
  files: z.array(z.string()),
  rawBytes: z.number(),
  gzipBytes: z.number(),
});
export type BundleSize = z.infer<typeof BundleSize>;

/**
 * The SPA's initial JavaScript (what index.html loads and preloads, gzip
 * level 9), measured by the dashboard's own `scripts/bundle-size.mjs` so
 * there is one definition of "initial". Undefined when the SPA is not built.
 */
export async function initialJs(): Promise<BundleSize | undefined> {
  const script = path.join(DASHBOARD_DIR, 'scripts', 'bundle-size.mjs');
  if (!existsSync(script) || !existsSync(path.join(DASHBOARD_DIR, 'dist', 'index.html'))) {
    return undefined;
  }
  const { stdout } = await promisify(execFile)(process.execPath, [script, '--json']);
  return BundleSize.parse(JSON.parse(stdout));
}
