/**
 * Group commit for the audit events of FHIR reads, searches and denials (HIPAA 164.312(b)).
 * Each request waits until its event is committed to the hash-chained log before any PHI is sent,
 * exactly as a single append would; concurrent requests share one transaction, so a chain's head
 * lock is taken once per batch instead of once per read. Up to MAX_FLUSHES batches are committed
 * at once, each in its own transaction on its own pooled connection and so on its own chain
 * (audit-log.ts chainOf): a slow commit no longer holds up every read behind it, and reads from
 * many clients spread over the chains. The bound keeps audit writes from taking the whole pool.
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
/** Batches committed at once (each on its own connection and chain); the pool holds 20 by default. */
export const MAX_FLUSHES = 4;

export class AuditBatcher {
  /**
   * The bound for batchers made without one, read at each flush: the audited-reads benchmark sets
   * it to 1 on a running server to measure the one-batch-at-a-time group commit beside this one.
   */
  static defaultMaxFlushes = MAX_FLUSHES;
  private queue: Pending[] = [];
  private flushes = 0;
  private scheduled = false;

  constructor(private readonly pool: pg.Pool, private readonly logger: Logger, private readonly bound?: number) {}

  private get maxFlushes(): number {
    return this.bound ?? AuditBatcher.defaultMaxFlushes;
  }

  /** Resolves once the events are committed; rejects if they could not be (the caller must not answer with PHI). */
  record(events: readonly AuditEventInput[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ events, resolve, reject });
      // Gathered until the current I/O callbacks have run, so concurrent requests share a batch.
      if (!this.scheduled && this.flushes < this.maxFlushes) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.pump();
        });
      }
    });
  }

  /** Starts a flush per free slot while events wait; each flush starts the next when it ends. */
  private pump(): void {
    while (this.queue.length > 0 && this.flushes < this.maxFlushes) {
      const batch: Pending[] = [];
      let n = 0;
      while (this.queue.length > 0 && n < MAX_BATCH_EVENTS) {
        const p = this.queue.shift() as Pending;
        batch.push(p);
        n += p.events.length;
      }
      this.flushes += 1;
      void this.flush(batch, n).finally(() => {
        this.flushes -= 1;
        this.pump();
      });
    }
  }

  private async flush(batch: Pending[], n: number): Promise<void> {
    try {
      await withTx(this.pool, (c) => appendAuditEvents(c, batch.flatMap((p) => p.events)));
      for (const p of batch) p.resolve();
    } catch (e) {
      // One request's bad event must not fail every read that shared its batch: retry each alone.
      if (batch.length > 1) {
        for (const p of batch) await this.appendAlone(p);
        return;
      }
      this.logger.error({ err: e instanceof Error ? e.message : 'unknown', events: n }, 'audit append failed');
      for (const p of batch) p.reject(e);
    }
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
