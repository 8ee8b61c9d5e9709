import path from 'node:path';

/** test/bench/results, beside the sources (this file runs from test/dist/bench). */
export const RESULTS_DIR = path.resolve(__dirname, '..', '..', 'bench', 'results');
/** Where BENCH_CPU_PROF=true writes the V8 CPU profiles of the workers and the API. */
export const PROFILES_DIR = path.join(RESULTS_DIR, 'profiles');

/** Node's flags to write a CPU profile of a process at its exit, named for it and the time. */
export function cpuProfileArgs(process: string): { file: string; execArgv: string[] } {
  const name = `${process}-${new Date().toISOString().replace(/[:.]/g, '-')}.cpuprofile`;
  return {
    file: path.join(PROFILES_DIR, name),
    execArgv: ['--cpu-prof', `--cpu-prof-dir=${PROFILES_DIR}`, `--cpu-prof-name=${name}`],
  };
}
