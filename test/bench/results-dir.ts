import path from 'node:path';

/** test/bench/results, beside the sources (this file runs from test/dist/bench). */
export const RESULTS_DIR = path.resolve(__dirname, '..', '..', 'bench', 'results');
/** Where BENCH_CPU_PROF=true writes the V8 CPU profiles of the workers and the API. */
export const PROFILES_DIR = path.join(RESULTS_DIR, 'profiles');
