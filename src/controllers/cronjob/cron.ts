/**
 * Cron schedules as CronJobs accept them (robfig/cron's standard parser, which upstream uses):
 * five fields (minute hour day-of-month month day-of-week) with `*`, `?`, lists, ranges, steps and
 * month/day names, the @yearly/@annually/@monthly/@weekly/@daily/@midnight/@hourly descriptors, and
 * an optional `CRON_TZ=`/`TZ=` prefix. Times are matched in the schedule's IANA time zone.
 */
export interface CronSchedule {
  minutes: Set<number>;
  hours: Set<number>;
  daysOfMonth: Set<number>;
  months: Set<number>;
  daysOfWeek: Set<number>;
  /** Day-of-month or day-of-week given as `*`/`?`: then both must match, otherwise either. */
  domStar: boolean;
  dowStar: boolean;
  timeZone: string;
}

export class CronParseError extends Error {}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

interface FieldSpec {
  min: number;
  max: number;
  names?: string[];
  nameBase?: number;
}

function parseValue(text: string, f: FieldSpec): number {
  const lower = text.toLowerCase();
  const named = f.names?.indexOf(lower) ?? -1;
  if (named >= 0) return named + (f.nameBase ?? 0);
  if (!/^\d+$/.test(text)) throw new CronParseError(`failed to parse int from ${text}`);
  return Number(text);
}

function parseField(expr: string, f: FieldSpec): { values: Set<number>; star: boolean } {
  const values = new Set<number>();
  let star = false;
  for (const part of expr.split(',')) {
    const [range, stepText, extra] = part.split('/');
    if (extra !== undefined || range === undefined || range === '') throw new CronParseError(`too many slashes: ${part}`);
    let lo: number;
    let hi: number;
    let partStar = false;
    if (range === '*' || range === '?') {
      lo = f.min;
      hi = f.max;
      partStar = true;
    } else {
      const bounds = range.split('-');
      if (bounds.length > 2) throw new CronParseError(`too many hyphens: ${range}`);
      lo = parseValue(bounds[0]!, f);
      hi = bounds.length === 2 ? parseValue(bounds[1]!, f) : stepText !== undefined ? f.max : lo;
    }
    let step = 1;
    if (stepText !== undefined) {
      step = parseValue(stepText, { min: 0, max: Number.MAX_SAFE_INTEGER });
      if (step === 0) throw new CronParseError(`step of range should be a positive number: ${part}`);
      if (step > 1) partStar = false;
    }
    if (lo < f.min) throw new CronParseError(`beginning of range (${lo}) below minimum (${f.min}): ${part}`);
    if (hi > f.max) throw new CronParseError(`end of range (${hi}) above maximum (${f.max}): ${part}`);
    if (lo > hi) throw new CronParseError(`beginning of range (${lo}) beyond end of range (${hi}): ${part}`);
    for (let v = lo; v <= hi; v += step) values.add(v);
    star ||= partStar;
  }
  return { values, star };
}

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Parses a schedule; `timeZone` (the CronJob's spec.timeZone) applies unless the text has its own prefix. */
export function parseCron(text: string, timeZone?: string): CronSchedule {
  let expr = text.trim();
  let zone = timeZone ?? 'UTC';
  const prefix = /^(?:CRON_TZ|TZ)=(\S+)\s+/.exec(expr);
  if (prefix) {
    zone = prefix[1]!;
    expr = expr.slice(prefix[0].length).trim();
  }
  if (zone === 'Local') zone = 'UTC';
  if (!isValidTimeZone(zone)) throw new CronParseError(`provided bad location ${zone}: unknown time zone ${zone}`);
  if (expr.startsWith('@')) {
    const d = DESCRIPTORS[expr.toLowerCase()];
    if (!d) throw new CronParseError(`unrecognized descriptor: ${expr}`);
    expr = d;
  }
  const fields = expr.split(/\s+/);
  if (fields.length !== 5) throw new CronParseError(`expected exactly 5 fields, found ${fields.length}: ${expr}`);
  const minutes = parseField(fields[0]!, { min: 0, max: 59 });
  const hours = parseField(fields[1]!, { min: 0, max: 23 });
  const dom = parseField(fields[2]!, { min: 1, max: 31 });
  const months = parseField(fields[3]!, { min: 1, max: 12, names: MONTHS, nameBase: 1 });
  const dow = parseField(fields[4]!, { min: 0, max: 6, names: DAYS });
  return { minutes: minutes.values, hours: hours.values, daysOfMonth: dom.values, months: months.values, daysOfWeek: dow.values, domStar: dom.star, dowStar: dow.star, timeZone: zone };
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

export function wallClock(date: Date, zone: string): WallClock {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', weekday: 'short' });
    formatters.set(zone, f);
  }
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(date)) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour) % 24,
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: DAYS.indexOf(parts.weekday!.toLowerCase().slice(0, 3)),
  };
}

function dayMatches(s: CronSchedule, w: WallClock): boolean {
  const dom = s.daysOfMonth.has(w.day);
  const dow = s.daysOfWeek.has(w.weekday);
  return s.domStar || s.dowStar ? dom && dow : dom || dow;
}

const MINUTE = 60_000;

/** The first activation strictly after `after`, or undefined if none within ~5 years. */
export function nextAfter(s: CronSchedule, after: Date): Date | undefined {
  let t = Math.floor(after.getTime() / MINUTE) * MINUTE + MINUTE;
  const limit = after.getTime() + 5 * 366 * 24 * 60 * MINUTE;
  while (t <= limit) {
    const w = wallClock(new Date(t), s.timeZone);
    if (!s.months.has(w.month) || !dayMatches(s, w)) {
      t += (24 * 60 - (w.hour * 60 + w.minute)) * MINUTE;
      continue;
    }
    if (!s.hours.has(w.hour)) {
      t += (60 - w.minute) * MINUTE;
      continue;
    }
    if (!s.minutes.has(w.minute)) {
      t += MINUTE;
      continue;
    }
    return new Date(t);
  }
  return undefined;
}

/**
 * The latest activation in (earliest, now], and how many were missed before it
 * (upstream mostRecentScheduleTime). Looks back at most a week from `now`.
 */
export function mostRecentSchedule(s: CronSchedule, earliest: Date, now: Date): { time?: Date; missed: number } {
  let from = new Date(Math.max(earliest.getTime(), now.getTime() - 7 * 24 * 60 * MINUTE));
  let last: Date | undefined;
  let missed = 0;
  for (;;) {
    const next = nextAfter(s, from);
    if (!next || next.getTime() > now.getTime()) break;
    if (last) missed++;
    last = next;
    from = next;
  }
  return { time: last, missed };
}

/** RFC 3339 in the schedule's zone, as Go's `t.In(loc).Format(time.RFC3339)`. */
export function formatInZone(date: Date, zone: string): string {
  const w = wallClock(date, zone);
  const wallMs = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  const offsetMin = Math.round((wallMs - Math.floor(date.getTime() / 1000) * 1000) / MINUTE);
  const pad = (n: number, l = 2): string => String(n).padStart(l, '0');
  const base = `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
  if (offsetMin === 0) return `${base}Z`;
  const sign = offsetMin > 0 ? '+' : '-';
  const abs = Math.abs(offsetMin);
  return `${base}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
