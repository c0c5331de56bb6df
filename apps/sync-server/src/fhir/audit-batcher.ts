/**
 * Group commit for the audit events of FHIR reads, searches and denials (HIPAA 164.312(b)).
 * Each request waits until its event is committed to the hash-chained log before any PHI is sent,
 * exactly as a single append would; concurrent requests share one transaction, so the chain's
 * single-writer lock is taken once per batch instead of once per read.
 */
import type { AuditEventInput } from '@lantern/core';
import type pg from 'pg';
import type { Logger } from 'pino';
import { appendAuditEvents } from '../db/audit-log.ts';
import { withTx } from '../db/database.ts';

interface Pending {
  events: readonly AuditEventInput[];
  resolve: () => void;
  reject: (e: unknown) => void;
}

const MAX_BATCH_EVENTS = 1000;

export class AuditBatcher {
  private queue: Pending[] = [];
  private flushing = false;

  constructor(private readonly pool: pg.Pool, private readonly logger: Logger) {}

  /** Resolves once the events are committed; rejects if they could not be (the caller must not answer with PHI). */
  record(events: readonly AuditEventInput[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ events, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch: Pending[] = [];
      let n = 0;
      while (this.queue.length > 0 && n < MAX_BATCH_EVENTS) {
        const p = this.queue.shift() as Pending;
        batch.push(p);
        n += p.events.length;
      }
      try {
        await withTx(this.pool, (c) => appendAuditEvents(c, batch.flatMap((p) => p.events)));
        for (const p of batch) p.resolve();
      } catch (e) {
        // One request's bad event must not fail every read that shared its batch: retry each alone.
        if (batch.length > 1) {
          for (const p of batch) await this.appendAlone(p);
          continue;
        }
        this.logger.error({ err: e instanceof Error ? e.message : 'unknown', events: n }, 'audit append failed');
        for (const p of batch) p.reject(e);
      }
    }
    this.flushing = false;
  }

  private async appendAlone(p: Pending): Promise<void> {
    try {
      await withTx(this.pool, (c) => appendAuditEvents(c, p.events));
      p.resolve();
    } catch (e) {
      this.logger.error({ err: e instanceof Error ? e.message : 'unknown', events: p.events.length }, 'audit append failed');
      p.reject(e);
    }
  }
}
