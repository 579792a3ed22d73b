// apimachinery `resource.Quantity.String()`: the canonical form of a quantity (what kube-apiserver prints
// after decoding, e.g. "1024Mi" → "1Gi", "0.5" → "500m", "1.5Gi" → "1536Mi").

type Format = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_BY_EXPONENT = new Map(Object.entries(DECIMAL_SUFFIXES).map(([suffix, exp]) => [exp, suffix]));
const BINARY_BY_EXPONENT = new Map<number, string>([[0, ''], ...Object.entries(BINARY_SUFFIXES).map(([s, e]) => [e, s] as [number, string])]);

/** value = mantissa × 10^exponent */
interface Decimal {
  mantissa: bigint;
  exponent: number;
}

const QUANTITY = /^([+-]?)(\d*)(?:\.(\d*))?([eE][+-]?\d+|[a-zA-Z]*)$/;

function parse(text: string): { value: Decimal; format: Format } | undefined {
  const match = QUANTITY.exec(text.trim());
  if (!match) return undefined;
  const [, sign, whole = '', fraction = '', suffix = ''] = match;
  if (whole === '' && fraction === '') return undefined;
  let mantissa = BigInt((whole || '0') + fraction);
  let exponent = -fraction.length;
  let format: Format;
  if (suffix in DECIMAL_SUFFIXES) {
    format = 'DecimalSI';
    exponent += DECIMAL_SUFFIXES[suffix]!;
  } else if (suffix in BINARY_SUFFIXES) {
    format = 'BinarySI';
    mantissa *= 1n << BigInt(BINARY_SUFFIXES[suffix]!);
  } else if (/^[eE]/.test(suffix)) {
    format = 'DecimalExponent';
    exponent += Number(suffix.slice(1));
  } else {
    return undefined;
  }
  // Values finer than 1n are rounded up (away from zero) to 1n, as ParseQuantity does.
  if (exponent < -9 && mantissa !== 0n) {
    const divisor = 10n ** BigInt(-9 - exponent);
    mantissa = (mantissa + divisor - 1n) / divisor;
    exponent = -9;
  }
  if (sign === '-') mantissa = -mantissa;
  return { value: { mantissa, exponent }, format };
}

function abs(value: bigint): bigint {
  return value < 0n ? -value : value;
}

/** The integer value when the decimal has no fractional part. */
function asInteger({ mantissa, exponent }: Decimal): bigint | undefined {
  if (exponent >= 0) return mantissa * 10n ** BigInt(exponent);
  const divisor = 10n ** BigInt(-exponent);
  return mantissa % divisor === 0n ? mantissa / divisor : undefined;
}

function formatDecimal({ mantissa, exponent }: Decimal, format: Format): string {
  while (mantissa !== 0n && mantissa % 10n === 0n) {
    mantissa /= 10n;
    exponent += 1;
  }
  while (exponent % 3 !== 0) {
    mantissa *= 10n;
    exponent -= 1;
  }
  if (format === 'DecimalExponent') return exponent === 0 ? `${mantissa}` : `${mantissa}e${exponent}`;
  const suffix = DECIMAL_BY_EXPONENT.get(exponent);
  return suffix === undefined ? `${mantissa}e${exponent}` : `${mantissa}${suffix}`;
}

function formatBinary(integer: bigint): string {
  let amount = integer;
  let exponent = 0;
  while (amount !== 0n && amount % 1024n === 0n && exponent < 60) {
    amount /= 1024n;
    exponent += 10;
  }
  return `${amount}${BINARY_BY_EXPONENT.get(exponent) ?? ''}`;
}

const MAX_INT64 = (1n << 63n) - 1n;

/**
 * ParseQuantity keeps the original text when its int64 fast path sees it is already canonical — after
 * stripping the sign and leading zeros, so "+1" and "01" print as written.
 */
function keptOriginal(text: string): boolean {
  const match = QUANTITY.exec(text);
  if (!match || text === '0') return false;
  const [, , whole = '', fraction = '', suffix = ''] = match;
  const numerator = whole.replace(/^0+/, '') || '0';
  const shifted = numerator + fraction;
  if (suffix in BINARY_SUFFIXES) {
    const exponent = BINARY_SUFFIXES[suffix]!;
    const precision = 15 - numerator.length - Math.trunc((exponent * 3) / 10) - 1;
    if (fraction !== '' || precision < 0) return false;
    const value = BigInt(shifted);
    return value << BigInt(exponent) <= MAX_INT64 && (value & 7n) !== 0n;
  }
  let exponent: number;
  if (suffix in DECIMAL_SUFFIXES) exponent = DECIMAL_SUFFIXES[suffix]!;
  else if (/^[eE]/.test(suffix)) exponent = Number(suffix.slice(1));
  else return false;
  const scale = exponent - fraction.length;
  if (18 - shifted.length < 0 || scale < -9 || BigInt(shifted) > MAX_INT64) return false;
  return scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
}

/** Canonical `Quantity.String()` of a JSON quantity (string or number); "<nil>" for a nil *Quantity. */
export function canonicalQuantity(raw: unknown): string {
  if (raw === undefined || raw === null) return '<nil>';
  const text = String(raw).trim();
  const parsed = parse(text);
  if (!parsed) return text;
  if (keptOriginal(text)) return text;
  const { value } = parsed;
  let { format } = parsed;
  if (value.mantissa === 0n) return '0';
  if (format === 'BinarySI') {
    const integer = asInteger(value);
    // Small or fractional binary quantities print in decimal rather than being rounded.
    if (integer === undefined || abs(integer) < 1024n) format = 'DecimalSI';
    else return formatBinary(integer);
  }
  return formatDecimal(value, format);
}

/** A quantity field that upstream reads from a map with a zero default (missing → "0"). */
export function quantityOrZero(raw: unknown): string {
  return raw === undefined || raw === null ? '0' : canonicalQuantity(raw);
}
