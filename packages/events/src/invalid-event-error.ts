/**
 * An event the catalogue does not allow: an unknown type, or data off its
 * type's schema. Thrown when one is appended, so the emitting transaction
 * rolls back: it is a bug in the emitter, never something to deliver.
 */
export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';

  constructor(
    readonly type: string,
    readonly problems: string,
  ) {
    super(`A ${type} event does not match the event catalogue:\n${problems}`);
  }
}
