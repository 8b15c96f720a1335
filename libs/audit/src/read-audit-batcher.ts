import { Inject, Injectable, type OnApplicationShutdown, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type AuditEventInput, AuditWriter, validateAuditEvent } from './audit-writer';

export interface ReadAuditOptions {
  /** How long the first queued event waits for others before a flush (group commit). */
  flushDelayMs: number;
  /** Events per organisation per transaction, at most (one multi-row INSERT each). */
  maxBatch: number;
  /** Flushes in flight at once (each takes one connection per organisation it writes). */
  maxConcurrentFlushes: number;
}

export const READ_AUDIT_OPTIONS = Symbol('READ_AUDIT_OPTIONS');

/**
 * AUDIT_READ_FLUSH_MS (0–50, default 0: flush on the next turn of the event loop; batches still form while earlier
 * flushes are in flight), validated with an error naming the variable.
 */
export function readAuditOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): ReadAuditOptions {
  const raw = env.AUDIT_READ_FLUSH_MS;
  const flushDelayMs = raw === undefined || raw.trim() === '' ? 0 : Number(raw);
  if (!Number.isFinite(flushDelayMs) || flushDelayMs < 0 || flushDelayMs > 50) {
    throw new Error('AUDIT_READ_FLUSH_MS must be a number of milliseconds between 0 and 50');
  }
  return { flushDelayMs, maxBatch: 500, maxConcurrentFlushes: 2 };
}

interface Pending {
  event: AuditEventInput;
  done: (error?: Error) => void;
}

/** The error a read gets when its audit event could not be written (no details: the cause is logged by the caller). */
export class ReadAuditFailedError extends Error {
  constructor() {
    super('The read could not be audited');
    this.name = 'ReadAuditFailedError';
  }
}

/**
 * Audits reads cheaply by group commit: `record()` queues the read's events in this process and resolves only once
 * they are durable. Every few milliseconds the queue is written, per organisation, at once (one lane, one multi-row
 * INSERT, one head signature: AuditWriter.append, mostly a single statement). Callers await `record()` before they return the
 * data, so no acknowledged read is unaudited; if the write fails, every read of that batch fails.
 */
@Injectable()
export class ReadAuditBatcher implements OnApplicationShutdown {
  private readonly options: ReadAuditOptions;
  private queue: Pending[] = [];
  /** Cancels the scheduled flush; null when none is scheduled. */
  private cancelScheduled: (() => void) | null = null;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AuditWriter) private readonly writer: AuditWriter,
    @Optional() @Inject(READ_AUDIT_OPTIONS) options?: ReadAuditOptions,
  ) {
    this.options = options ?? readAuditOptionsFromEnv();
  }

  /** Resolves when the events are committed; rejects (ReadAuditFailedError) when they could not be. */
  record(events: AuditEventInput | readonly AuditEventInput[]): Promise<void> {
    const list = Array.isArray(events) ? (events as readonly AuditEventInput[]) : [events as AuditEventInput];
    try {
      // Checked here, so one malformed event fails its own read, not the whole batch.
      for (const e of list) validateAuditEvent(e);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error('invalid audit event'));
    }
    const written = Promise.all(
      list.map(
        (event) =>
          new Promise<void>((resolve, reject) => {
            this.queue.push({ event, done: (error) => (error === undefined ? resolve() : reject(error)) });
          }),
      ),
    );
    this.schedule();
    return written.then(() => undefined);
  }

  private schedule(): void {
    if (
      this.cancelScheduled !== null ||
      this.queue.length === 0 ||
      this.inFlight.size >= this.options.maxConcurrentFlushes
    )
      return;
    const fire = (): void => {
      this.cancelScheduled = null;
      this.flush();
    };
    if (this.options.flushDelayMs > 0) {
      const timer = setTimeout(fire, this.options.flushDelayMs);
      this.cancelScheduled = () => clearTimeout(timer);
    } else {
      const immediate = setImmediate(fire);
      this.cancelScheduled = () => clearImmediate(immediate);
    }
  }

  private flush(): void {
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const byOrganisation = new Map<string, Pending[]>();
    for (const p of batch) {
      const org = p.event.organisationId.toLowerCase();
      const group = byOrganisation.get(org);
      if (group) group.push(p);
      else byOrganisation.set(org, [p]);
    }
    const writes: Promise<void>[] = [];
    for (const group of byOrganisation.values()) {
      for (let i = 0; i < group.length; i += this.options.maxBatch)
        writes.push(this.write(group.slice(i, i + this.options.maxBatch)));
    }
    const flight: Promise<void> = Promise.all(writes).then(() => {
      this.inFlight.delete(flight);
      this.schedule();
    });
    this.inFlight.add(flight);
    this.schedule();
  }

  private async write(group: Pending[]): Promise<void> {
    try {
      await this.writer.append(
        this.dataSource,
        group.map((p) => p.event),
      );
    } catch (error) {
      process.stderr.write(
        `read audit: a batch of ${group.length} event(s) failed (${error instanceof Error ? error.name : 'error'}); those reads fail\n`,
      );
      for (const p of group) p.done(new ReadAuditFailedError());
      return;
    }
    for (const p of group) p.done();
  }

  /** Writes what is queued and waits for every write in flight (the API stops after its last audited read). */
  async onApplicationShutdown(): Promise<void> {
    this.cancelScheduled?.();
    this.cancelScheduled = null;
    while (this.queue.length > 0 || this.inFlight.size > 0) {
      if (this.queue.length > 0 && this.inFlight.size < this.options.maxConcurrentFlushes) this.flush();
      else await Promise.race(this.inFlight);
    }
  }
}
