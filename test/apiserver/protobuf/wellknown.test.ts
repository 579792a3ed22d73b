import { describe, expect, it } from 'vitest';

import {
  formatGoDuration,
  formatRfc3339,
  formatRfc3339Micro,
  int64ToBigInt,
  int64ToNumber,
} from '../../../src/apiserver/protobuf/wellknown.js';

describe('formatGoDuration matches Go time.Duration.String()', () => {
  it.each<[bigint, string]>([
    [0n, '0s'],
    [1n, '1ns'],
    [999n, '999ns'],
    [1_500n, '1.5µs'],
    [1_000_000n, '1ms'],
    [1_500_000n, '1.5ms'],
    [1_000_000_000n, '1s'],
    [1_500_000_000n, '1.5s'],
    [90_000_000_000n, '1m30s'],
    [3_600_000_000_000n, '1h0m0s'],
    [3_723_000_000_001n, '1h2m3.000000001s'],
    [-2_000_000n, '-2ms'],
    [-90_000_000_000n, '-1m30s'],
  ])('%s ns → %s', (nanoseconds, expected) => {
    expect(formatGoDuration(nanoseconds)).toBe(expected);
  });
});

describe('time formats', () => {
  it.each<[number, string]>([
    [0, '1970-01-01T00:00:00Z'],
    [1704164645, '2024-01-02T03:04:05Z'],
    [-62135596800 + 86400, '0001-01-02T00:00:00Z'],
  ])('RFC3339 of %s is %s', (seconds, expected) => {
    expect(formatRfc3339(seconds)).toBe(expected);
  });

  it.each<[number, number, string]>([
    [1704164645, 123_456_789, '2024-01-02T03:04:05.123456Z'],
    [1704164645, 0, '2024-01-02T03:04:05.000000Z'],
    [1704164645, 999, '2024-01-02T03:04:05.000000Z'],
  ])('RFC3339Micro of %s s %s ns is %s', (seconds, nanos, expected) => {
    expect(formatRfc3339Micro(seconds, nanos)).toBe(expected);
  });
});

describe('int64 conversion', () => {
  const long = { toNumber: () => 5, toString: () => '9007199254740993' };
  it('accepts numbers, long objects and strings', () => {
    expect(int64ToNumber(7)).toBe(7);
    expect(int64ToNumber(long)).toBe(5);
    expect(int64ToNumber('12')).toBe(12);
    expect(int64ToNumber(undefined)).toBe(0);
    expect(int64ToBigInt(long)).toBe(9007199254740993n);
    expect(int64ToBigInt(undefined)).toBe(0n);
  });
});
