/**
 * The workstation's audit chain (HIPAA 164.312(b)) up to the server's audit.ingest, in batches, in
 * chain order, one request at a time. The host's own share of the upload (reading the next batch
 * from the store, marking the batch answered before as sent) does not depend on the server's answer,
 * so it is done while the server checks and stores a batch: between an answer and the next request
 * the host only signs and sends. A failed batch stays unsent, and so does everything after it; a
 * batch the server took but the store had not yet marked (the host stopped in between) is sent
 * again and counted by the server as duplicates.
 */
import type { ChainedAuditEvent } from '@lantern/core';
import type { ServerApi } from './server-api.ts';
import type { SyncStore } from './sync-store.ts';

export interface AuditUploadDeps {
  store: Pick<SyncStore, 'unsentAuditEvents' | 'markAuditSent'>;
  api: Pick<ServerApi, 'ingestAudit'>;
  deviceId: string;
  /** The access token for each request (throws when nobody is signed in). */
  token: () => string;
  /** Events per request (the server takes at most 5,000). */
  batch: number;
}

/** Uploads every unsent event of the local chain; throws the first failure (what follows it stays unsent). */
export async function uploadAuditChain(d: AuditUploadDeps): Promise<void> {
  let events = await d.store.unsentAuditEvents(d.batch);
  /** The last seq of the batch the server took and the store has not yet marked sent. */
  let answered: number | null = null;
  try {
    for (let last = events[events.length - 1]; last !== undefined; last = events[events.length - 1]) {
      const answer = d.api.ingestAudit(d.token(), { deviceId: d.deviceId, events });
      answer.catch(() => undefined); // awaited below, after the host's share
      // Lets the request reach the socket before the store's reads and writes hold this thread.
      await new Promise<void>((r) => setImmediate(r));
      const next: ChainedAuditEvent[] = events.length === d.batch ? await d.store.unsentAuditEvents(d.batch, last.seq) : [];
      if (answered !== null) {
        await d.store.markAuditSent(answered);
        answered = null;
      }
      await answer;
      answered = last.seq;
      events = next;
    }
  } finally {
    // What the server took is written down even when a later batch failed.
    if (answered !== null) await d.store.markAuditSent(answered);
  }
}
