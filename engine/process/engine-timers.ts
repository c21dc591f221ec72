/**
 * The `timers` bpmn-engine is given: it never starts a real timeout. It records each timer the
 * engine arms, so the runtime can write it to the jobs table (the one source of truth for when a
 * timer is due) and fire it later — in this process or any other — by calling the captured
 * callback after resuming the instance.
 */

/** What bpmn-elements passes to `register()` for a timer event definition. */
interface TimerOwner {
  id?: string;
  executionId?: string;
  expireAt?: Date | string;
  timerType?: string;
}

export interface ArmedTimer {
  activityId: string;
  executionId: string;
  /** Milliseconds from arming until `expireAt`. */
  delay: number;
  /** When the engine computed the timer to expire; stable across resumes of the same arming. */
  expireAt: string;
  /** timeDuration, timeDate or timeCycle. */
  timerType: string | null;
  fire(): void;
}

interface TimerRef {
  timer: ArmedTimer | null;
}

export class EngineTimers {
  private readonly armed = new Map<string, ArmedTimer>();
  private readonly refs = new Set<TimerRef>();

  /** bpmn-engine reads this to clear every timer when an execution ends or stops. */
  get executing(): TimerRef[] {
    return [...this.refs];
  }

  register(owner: TimerOwner) {
    return {
      setTimeout: (callback: (...args: unknown[]) => void, delay: number, ...args: unknown[]) => this.arm(owner, callback, delay, args),
      clearTimeout: (ref: TimerRef) => this.clearTimeout(ref),
    };
  }

  /** Only timer event definitions arm timers in Flowdesk; any other use would be a bug. */
  setTimeout(): never {
    throw new Error('Flowdesk runs no in-memory timers: timers are durable jobs');
  }

  clearTimeout(ref: TimerRef | undefined): undefined {
    if (!ref?.timer) return undefined;
    this.armed.delete(ref.timer.executionId);
    this.refs.delete(ref);
    ref.timer = null;
    return undefined;
  }

  /** Disarms every timer of these activities (ids); see EngineSession's event subprocess rules. */
  clearActivities(activityIds: ReadonlySet<string>): void {
    for (const ref of this.refs) if (ref.timer && activityIds.has(ref.timer.activityId)) this.clearTimeout(ref);
  }

  /** The timers armed now, by execution id. */
  current(): ReadonlyMap<string, ArmedTimer> {
    return this.armed;
  }

  private arm(owner: TimerOwner, callback: (...args: unknown[]) => void, delay: number, args: unknown[]): TimerRef {
    const content = (args[0] ?? {}) as TimerOwner;
    const executionId = String(content.executionId ?? owner.executionId);
    const ref: TimerRef = { timer: null };
    const now = Date.now();
    const expireAt = owner.expireAt === undefined ? now + delay : new Date(owner.expireAt).getTime();
    const timer: ArmedTimer = {
      activityId: String(content.id ?? owner.id),
      executionId,
      // Measured here rather than taken from the engine: bpmn-elements reads the clock twice
      // (once for the expiry, once for the delay), so its delay can exceed the duration by the
      // time in between, and a timer would fall due that much after its deadline.
      delay: Math.max(0, expireAt - now),
      expireAt: new Date(expireAt).toISOString(),
      timerType: owner.timerType ?? null,
      fire: () => {
        this.clearTimeout(ref);
        callback(...args);
      },
    };
    ref.timer = timer;
    this.armed.set(executionId, timer);
    this.refs.add(ref);
    return ref;
  }
}
