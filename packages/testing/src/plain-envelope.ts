/**
 * An envelope encoder with no catalogue, for tests of delivery itself: the
 * engine is generic, so these events go out exactly as given (`data: {}` is
 * fine). The platform's services use `encodeEventEnvelope` instead.
 */
export function plainEnvelope(fields: {
  id: string;
  type: string;
  createdAt: string;
  data: unknown;
}): string {
  return JSON.stringify(fields);
}
