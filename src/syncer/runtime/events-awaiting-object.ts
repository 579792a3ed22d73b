/**
 * Host events whose object has not reached our host cache yet. Events and their objects arrive
 * on separate watches, so the scheduler's event for a new pod can overtake the pod's ADDED; and
 * host events are watch-only: one not queued then is never seen again. Such an event waits here
 * until its object arrives (then it is queued) or its deadline passes (then it is released: the
 * object was someone else's, or deleted before we saw it).
 */
export interface AwaitedObject {
  kind: string;
  namespace: string;
  name: string;
}

export interface HeldEvent {
  namespace: string;
  name: string;
  resourceVersion: string | undefined;
}

interface Waiting {
  object: string;
  event: HeldEvent;
  deadline: number;
}

export class EventsAwaitingObject {
  /** Event key → its wait, in arrival order (so the oldest expire first). */
  private readonly byEvent = new Map<string, Waiting>();
  /** Object key → the events waiting for it. */
  private readonly byObject = new Map<string, Set<string>>();

  constructor(
    private readonly waitMs: number,
    /** At most this many events wait; the oldest give way (each is one small host event). */
    private readonly capacity: number,
  ) {}

  get size(): number {
    return this.byEvent.size;
  }

  /** Holds `event` until `object` arrives; returns the events that gave up their wait (expired or evicted), to release. */
  hold(object: AwaitedObject, event: HeldEvent, now: number): HeldEvent[] {
    const given = this.expire(now);
    const eventKey = keyOf(event.namespace, event.name);
    const objectKey = objectKeyOf(object);
    this.forget(eventKey); // a newer version of an event waiting already: its place moves to the end
    this.byEvent.set(eventKey, { object: objectKey, event, deadline: now + this.waitMs });
    let events = this.byObject.get(objectKey);
    if (!events) this.byObject.set(objectKey, (events = new Set()));
    events.add(eventKey);
    while (this.byEvent.size > this.capacity) given.push(this.forget(this.byEvent.keys().next().value!)!);
    return given;
  }

  /** The object has arrived: the events waiting for it, to queue now. */
  take(object: AwaitedObject): HeldEvent[] {
    // Called on every host change (10,000 pods' status updates): skip building the key when nothing waits.
    if (this.byEvent.size === 0) return [];
    const events = this.byObject.get(objectKeyOf(object));
    if (!events) return [];
    return [...events].map((eventKey) => this.forget(eventKey)!);
  }

  /** Events whose deadline has passed, removed. */
  expire(now: number): HeldEvent[] {
    const given: HeldEvent[] = [];
    for (const [eventKey, waiting] of this.byEvent) {
      if (waiting.deadline > now) break;
      given.push(this.forget(eventKey)!);
    }
    return given;
  }

  private forget(eventKey: string): HeldEvent | undefined {
    const waiting = this.byEvent.get(eventKey);
    if (!waiting) return undefined;
    this.byEvent.delete(eventKey);
    const events = this.byObject.get(waiting.object)!;
    events.delete(eventKey);
    if (events.size === 0) this.byObject.delete(waiting.object);
    return waiting.event;
  }
}

function keyOf(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

function objectKeyOf(object: AwaitedObject): string {
  return `${object.kind}/${object.namespace}/${object.name}`;
}
