import { z } from 'zod';

// Imported first by main.tsx. zod's fast path probes `new Function`; under the
// API's CSP (script-src 'self', no 'unsafe-eval') the probe is refused and
// reported as a violation. Without it zod parses the same, without the JIT.
z.config({ jitless: true });
