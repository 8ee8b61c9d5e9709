import { InvalidArgumentError } from 'commander';
import { parseSince } from '../src/since';

const now = () => new Date('2026-12-01T12:00:00.000Z');

describe('--since', () => {
  it.each([
    ['90s', '2026-12-01T11:58:30.000Z'],
    ['90m', '2026-12-01T10:30:00.000Z'],
    ['6h', '2026-12-01T06:00:00.000Z'],
    ['2d', '2026-11-29T12:00:00.000Z'],
  ])('reads the duration %s as that long ago', (value, expected) => {
    expect(parseSince(value, now)).toBe(expected);
  });

  it('passes an instant to the API as given: the API checks it and names the field', () => {
    expect(parseSince('2026-12-01T09:30:00+01:00', now)).toBe('2026-12-01T09:30:00+01:00');
    expect(parseSince('2026-13-45T99:00:00Z', now)).toBe('2026-13-45T99:00:00Z');
  });

  it.each(['yesterday', '6 hours', '-2h', '2026-12-01', ''])('refuses %j as usage', (value) => {
    expect(() => parseSince(value, now)).toThrow(InvalidArgumentError);
  });
});
