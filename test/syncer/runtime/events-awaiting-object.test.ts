import { describe, expect, it } from 'vitest';
import { EventsAwaitingObject } from '../../../src/syncer/runtime/events-awaiting-object.js';

const pod = (name: string) => ({ kind: 'pods', namespace: 'host-ns', name });
const event = (name: string, resourceVersion = '1') => ({ namespace: 'host-ns', name, resourceVersion });

describe('host events awaiting their object', () => {
  it('gives an event back when its object arrives, once', () => {
    const waiting = new EventsAwaitingObject(60_000, 100);
    expect(waiting.hold(pod('a'), event('a.1'), 0)).toEqual([]);
    expect(waiting.hold(pod('a'), event('a.2'), 1)).toEqual([]);
    expect(waiting.hold(pod('b'), event('b.1'), 2)).toEqual([]);
    expect(waiting.take(pod('a'))).toEqual([event('a.1'), event('a.2')]);
    expect(waiting.take(pod('a'))).toEqual([]);
    expect(waiting.size).toBe(1);
    // Same name, other kind: a different object.
    expect(waiting.take({ kind: 'services', namespace: 'host-ns', name: 'b' })).toEqual([]);
    expect(waiting.take(pod('b'))).toEqual([event('b.1')]);
    expect(waiting.size).toBe(0);
  });

  it('releases events whose object never came, at their deadline and not before', () => {
    const waiting = new EventsAwaitingObject(1000, 100);
    waiting.hold(pod('a'), event('a.1'), 0);
    waiting.hold(pod('b'), event('b.1'), 500);
    expect(waiting.expire(999)).toEqual([]);
    expect(waiting.expire(1000)).toEqual([event('a.1')]);
    // Expired on the next hold too: nothing needs a timer.
    expect(waiting.hold(pod('c'), event('c.1'), 1600)).toEqual([event('b.1')]);
    expect(waiting.take(pod('a'))).toEqual([]);
    expect(waiting.size).toBe(1);
  });

  it('keeps one wait per event: a newer version replaces it and starts its wait again', () => {
    const waiting = new EventsAwaitingObject(1000, 100);
    waiting.hold(pod('a'), event('a.1', '1'), 0);
    waiting.hold(pod('b'), event('b.1'), 100);
    waiting.hold(pod('a'), event('a.1', '7'), 900);
    expect(waiting.size).toBe(2);
    expect(waiting.expire(1500)).toEqual([event('b.1')]);
    expect(waiting.take(pod('a'))).toEqual([event('a.1', '7')]);
  });

  it('stays within its capacity, giving up the oldest wait', () => {
    const waiting = new EventsAwaitingObject(60_000, 2);
    waiting.hold(pod('a'), event('a.1'), 0);
    waiting.hold(pod('b'), event('b.1'), 1);
    expect(waiting.hold(pod('c'), event('c.1'), 2)).toEqual([event('a.1')]);
    expect(waiting.size).toBe(2);
    expect(waiting.take(pod('a'))).toEqual([]);
    expect(waiting.take(pod('c'))).toEqual([event('c.1')]);
  });
});
