/** Cron schedules as CronJobs accept them: fields, names, steps, descriptors, time zones. */
import { describe, expect, it } from 'vitest';
import { CronParseError, formatInZone, mostRecentSchedule, nextAfter, parseCron } from '../../src/controllers/cronjob/cron.js';
import { jobNameFor, jobsToPrune } from '../../src/controllers/cronjob/controller.js';
import type { KubeObject } from '../../src/registry/object.js';

const next = (expr: string, from: string, zone?: string) => nextAfter(parseCron(expr, zone), new Date(from))?.toISOString();

describe('parseCron', () => {
  it('parses lists, ranges, steps and names', () => {
    const s = parseCron('0,30 9-17/4 * jan-mar mon-fri');
    expect([...s.minutes]).toEqual([0, 30]);
    expect([...s.hours]).toEqual([9, 13, 17]);
    expect([...s.months]).toEqual([1, 2, 3]);
    expect([...s.daysOfWeek]).toEqual([1, 2, 3, 4, 5]);
    expect(s.domStar).toBe(true);
    expect(s.timeZone).toBe('UTC');
  });

  it('rejects what robfig/cron rejects', () => {
    for (const bad of ['* * * *', '60 * * * *', '* 24 * * *', '5-1 * * * *', '*/0 * * * *', '@every 5m', 'x * * * *']) {
      expect(() => parseCron(bad), bad).toThrow(CronParseError);
    }
    expect(() => parseCron('* * * * *', 'Mars/Olympus')).toThrow(/unknown time zone/);
  });

  it('takes the zone from a CRON_TZ= or TZ= prefix', () => {
    expect(parseCron('CRON_TZ=Europe/Berlin 0 6 * * *').timeZone).toBe('Europe/Berlin');
    expect(parseCron('TZ=America/New_York @daily').timeZone).toBe('America/New_York');
  });
});

describe('nextAfter', () => {
  it('finds the next minute strictly after the time', () => {
    expect(next('* * * * *', '2026-03-01T10:00:00Z')).toBe('2026-03-01T10:01:00.000Z');
    expect(next('*/15 * * * *', '2026-03-01T10:14:59Z')).toBe('2026-03-01T10:15:00.000Z');
    expect(next('@hourly', '2026-03-01T10:00:00Z')).toBe('2026-03-01T11:00:00.000Z');
    expect(next('@yearly', '2026-03-01T10:00:00Z')).toBe('2027-01-01T00:00:00.000Z');
    expect(next('0 0 29 2 *', '2026-03-01T00:00:00Z')).toBe('2028-02-29T00:00:00.000Z');
  });

  it('ORs day-of-month and day-of-week when both are restricted, ANDs otherwise', () => {
    // 2026-03-01 is a Sunday.
    expect(next('0 0 15 * mon', '2026-03-01T00:00:00Z')).toBe('2026-03-02T00:00:00.000Z');
    expect(next('0 0 * * mon', '2026-03-01T00:00:00Z')).toBe('2026-03-02T00:00:00.000Z');
    expect(next('0 0 15 * *', '2026-03-01T00:00:00Z')).toBe('2026-03-15T00:00:00.000Z');
  });

  it('matches wall-clock time in the zone, across DST', () => {
    expect(next('0 9 * * *', '2026-03-01T00:30:00Z', 'Asia/Tokyo')).toBe('2026-03-02T00:00:00.000Z');
    // New York springs forward on 2026-03-08: 09:00 EDT is 13:00Z, the day before 14:00Z.
    expect(next('0 9 * * *', '2026-03-07T15:00:00Z', 'America/New_York')).toBe('2026-03-08T13:00:00.000Z');
    expect(next('0 9 * * *', '2026-03-06T15:00:00Z', 'America/New_York')).toBe('2026-03-07T14:00:00.000Z');
  });
});

describe('mostRecentSchedule and names', () => {
  it('returns the latest missed time and the count of earlier misses', () => {
    const r = mostRecentSchedule(parseCron('*/10 * * * *'), new Date('2026-03-01T10:00:00Z'), new Date('2026-03-01T10:35:00Z'));
    expect(r.time?.toISOString()).toBe('2026-03-01T10:30:00.000Z');
    expect(r.missed).toBe(2);
    expect(mostRecentSchedule(parseCron('0 * * * *'), new Date('2026-03-01T10:00:00Z'), new Date('2026-03-01T10:35:00Z')).time).toBeUndefined();
  });

  it('formats the scheduled timestamp in the zone and names jobs by minute', () => {
    expect(formatInZone(new Date('2026-03-02T00:00:00Z'), 'Asia/Tokyo')).toBe('2026-03-02T09:00:00+09:00');
    expect(formatInZone(new Date('2026-03-02T00:00:00Z'), 'America/New_York')).toBe('2026-03-01T19:00:00-05:00');
    expect(formatInZone(new Date('2026-03-02T00:00:00Z'), 'UTC')).toBe('2026-03-02T00:00:00Z');
    expect(jobNameFor({ metadata: { name: 'cj' } }, new Date('2026-03-02T00:00:00Z'))).toBe(`cj-${Date.parse('2026-03-02T00:00:00Z') / 60000}`);
  });

  it('prunes finished jobs beyond the history limits, oldest first', () => {
    const job = (name: string, type: string, start: string): KubeObject => ({ metadata: { name }, status: { startTime: start, conditions: [{ type, status: 'True' }] } });
    const jobs = [job('ok1', 'Complete', '2026-01-01T00:01:00Z'), job('ok2', 'Complete', '2026-01-01T00:02:00Z'), job('bad1', 'Failed', '2026-01-01T00:03:00Z'), job('bad2', 'Failed', '2026-01-01T00:04:00Z'), { metadata: { name: 'running' }, status: {} }];
    const cj: KubeObject = { metadata: { name: 'cj' }, spec: { successfulJobsHistoryLimit: 1, failedJobsHistoryLimit: 1 } };
    expect(jobsToPrune(cj, jobs).map((j) => j.metadata.name)).toEqual(['ok1', 'bad1']);
  });
});
