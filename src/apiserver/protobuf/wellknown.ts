// Pure JSON renderings of the apimachinery types whose Go MarshalJSON differs from their protobuf
// shape (time.go, micro_time.go, duration.go, quantity.go, intstr.go in k8s.io/apimachinery).

/** int64 fields arrive as `long` objects (protobufjs uses `long` when installed) or numbers. */
export interface LongLike {
  toNumber(): number;
}

export function int64ToNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'object' && value !== null && 'toNumber' in value) {
    return (value as LongLike).toNumber();
  }
  if (typeof value === 'string') return Number(value);
  return 0;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** Go's `t.UTC().Format(time.RFC3339)`: second precision, `Z` suffix. */
export function formatRfc3339(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** metav1.RFC3339Micro: always six fractional digits (nanos truncated to microseconds). */
export function formatRfc3339Micro(seconds: number, nanos: number): string {
  const base = formatRfc3339(seconds).slice(0, -1);
  return `${base}.${pad(Math.floor(nanos / 1000), 6)}Z`;
}

const NANOS_PER_MICRO = 1_000n;
const NANOS_PER_MILLI = 1_000_000n;
const NANOS_PER_SECOND = 1_000_000_000n;

/** Fractional digits of `value / unit` without trailing zeros, e.g. (1500n, 1000n) → "1.5". */
function formatFraction(value: bigint, unit: bigint, unitDigits: number): string {
  const whole = value / unit;
  const fraction = (value % unit).toString().padStart(unitDigits, '0').replace(/0+$/, '');
  return fraction === '' ? whole.toString() : `${whole}.${fraction}`;
}

/** Go's time.Duration.String(): "1h2m3.5s", "1.5ms", "0s". */
export function formatGoDuration(nanoseconds: bigint): string {
  if (nanoseconds === 0n) return '0s';
  const sign = nanoseconds < 0n ? '-' : '';
  const magnitude = nanoseconds < 0n ? -nanoseconds : nanoseconds;
  if (magnitude < NANOS_PER_MICRO) return `${sign}${magnitude}ns`;
  if (magnitude < NANOS_PER_MILLI) return `${sign}${formatFraction(magnitude, NANOS_PER_MICRO, 3)}µs`;
  if (magnitude < NANOS_PER_SECOND) return `${sign}${formatFraction(magnitude, NANOS_PER_MILLI, 6)}ms`;
  const hours = magnitude / (3600n * NANOS_PER_SECOND);
  const minutes = (magnitude / (60n * NANOS_PER_SECOND)) % 60n;
  const secondsPart = formatFraction(magnitude % (60n * NANOS_PER_SECOND), NANOS_PER_SECOND, 9);
  if (hours > 0n) return `${sign}${hours}h${minutes}m${secondsPart}s`;
  if (minutes > 0n) return `${sign}${minutes}m${secondsPart}s`;
  return `${sign}${secondsPart}s`;
}

/** int64 as an exact bigint (durations in nanoseconds overflow 2^53 after ~104 days). */
export function int64ToBigInt(value: unknown): bigint {
  if (typeof value === 'number') return BigInt(value);
  if (typeof value === 'object' && value !== null && 'toString' in value) {
    return BigInt((value as { toString(): string }).toString());
  }
  return 0n;
}
