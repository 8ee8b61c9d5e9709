import { z } from 'zod';

/** A hosted page's signing form, as the browser posts it: a ticked box and a typed name. */
export function signatureForm(acceptMessage: string) {
  return z.object({
    accept: z.literal('yes', { error: acceptMessage }),
    signerName: z
      .string({ error: 'type your full name to sign' })
      .trim()
      .min(2, 'type your full name to sign')
      .max(200, 'at most 200 characters')
      // Postgres text holds no NUL, and no name holds a control character.
      .regex(/^[^\u0000-\u001f\u007f]*$/, 'must not contain control characters'),
  });
}
