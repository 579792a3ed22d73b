import { describe, expect, it } from 'vitest';
import { formatTime } from '../../src/registry/object.js';

describe('formatTime', () => {
  it('gives RFC 3339 seconds in UTC, also when the same second is formatted again', () => {
    expect(formatTime(new Date('2026-12-02T03:04:05.999Z'))).toBe('2026-12-02T03:04:05Z');
    expect(formatTime(new Date('2026-12-02T03:04:05.001Z'))).toBe('2026-12-02T03:04:05Z');
    expect(formatTime(new Date('2026-12-02T03:04:06.000Z'))).toBe('2026-12-02T03:04:06Z');
    expect(formatTime(new Date('2026-12-02T03:04:05.500Z'))).toBe('2026-12-02T03:04:05Z');
  });

  it('rounds times before 1970 down to their second, and still refuses an invalid date', () => {
    expect(formatTime(new Date(-1))).toBe('1969-12-31T23:59:59Z');
    expect(formatTime(new Date(-1000))).toBe('1969-12-31T23:59:59Z');
    expect(formatTime(new Date(-1001))).toBe('1969-12-31T23:59:58Z');
    expect(() => formatTime(new Date(Number.NaN))).toThrow(RangeError);
  });
});
