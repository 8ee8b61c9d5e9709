import { randomBytes } from 'node:crypto';

/**
 * A prefixed, time-ordered id (`evt_0193a…`): UUIDv7 layout in hex, so ids sort
 * by creation and B-tree inserts stay at the right edge.
 */
export function newId(prefix: string): string {
  const bytes = randomBytes(16);
  const ms = Date.now();
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  return `${prefix}_${bytes.toString('hex')}`;
}
