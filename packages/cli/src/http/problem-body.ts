import { z } from 'zod';

/**
 * The API's error body (RFC 9457 problem details). The server's schema lives
 * in the API service, which a client does not import; this reads only what the
 * CLI shows and tolerates the rest.
 */
export const ProblemBody = z.object({
  title: z.string().default('Request failed'),
  detail: z.string().default(''),
  requestId: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});
export type ProblemBody = z.infer<typeof ProblemBody>;
