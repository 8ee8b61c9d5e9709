import type { z } from 'zod';

/** One entry of the event catalogue. */
export interface EventDefinition<T extends string = string, S extends z.ZodObject = z.ZodObject> {
  /** The `type` field of the envelope, `<resource>.<what happened>`. */
  readonly type: T;
  /** One line for humans: when the event is emitted. */
  readonly description: string;
  /** Validates the envelope's `data`. */
  readonly dataSchema: S;
  /** A realistic payload; the compiler checks it against `dataSchema`. */
  readonly example: z.output<S>;
}

/**
 * Declare an event. `example` is typed from `dataSchema` (and the tests parse
 * it too, so refinements are checked as well).
 */
export function defineEvent<const T extends string, S extends z.ZodObject>(definition: {
  type: T;
  description: string;
  dataSchema: S;
  example: NoInfer<z.output<S>>;
}): EventDefinition<T, S> {
  return Object.freeze(definition);
}
