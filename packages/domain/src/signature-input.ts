import { z } from 'zod';

/** A hosted page's signing form, as the browser posts it: a ticked box and a typed name. */
export function signatureForm(acceptMessage: string) {
  return z.object({
    accept: z.literal('yes', { error: acceptMessage }),
    signerName: z
      .string({ error: 'type your full name to sign' })
      .trim()
      .min(2, 'type your full name to sign')
      .max(200, 'at most 200 characters'),
  });
}
