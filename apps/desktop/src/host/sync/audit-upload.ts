/**
 * The workstation's audit chain (HIPAA 164.312(b)) up to the server's audit.ingest, in batches and
 * in chain order. While the server stores a batch the host does its own share around it: it reads
 * the next batch and marks the one answered before as sent. Once the server has said it checks `after`
 * (its first answer does), that next batch is sent right behind the one in flight, naming the last
 * event of that one as `after`: the server receives, parses and checks it while the batch before
 * commits, and stores it only right after that batch. When it cannot (the batch before failed, or
 * this one took the device's head first, or reached another server process first) it refuses it
 * with nothing stored, and it is sent again here, alone, once the batch before is answered.
 * A failed batch stays unsent, and so does everything after it; a batch the server took but the
 * store had not yet marked (the host stopped in between) is sent again and counted as duplicates.
 */
import { LanternError, type ChainedAuditEvent, type ChainHead } from '@lantern/core';
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

/** A batch of the chain on its way; `behind`: sent while the batch before it was unanswered. */
interface Sent {
  events: ChainedAuditEvent[];
  answer: ReturnType<ServerApi['ingestAudit']>;
  behind: boolean;
}

/** The server's refusal of a batch whose `after` was not the device head it stores: nothing was stored. */
export const isAfterNotHead = (e: unknown): boolean =>
  e instanceof LanternError && e.code === 'VERSION_MISMATCH' && e.issues.some((i) => i.path === 'after');

/** Uploads every unsent event of the local chain; throws the first failure (what follows it stays unsent). */
export async function uploadAuditChain(d: AuditUploadDeps): Promise<void> {
  const send = (events: ChainedAuditEvent[], after?: ChainHead): Sent => {
    const answer = d.api.ingestAudit(d.token(), after === undefined ? { deviceId: d.deviceId, events } : { deviceId: d.deviceId, events, after });
    answer.catch(() => undefined); // awaited in chain order below
    return { events, answer, behind: after !== undefined };
  };
  const first = await d.store.unsentAuditEvents(d.batch);
  if (first.length === 0) return;
  let inFlight = send(first);
  let checksAfter = false;
  /** The last seq of the batch the server took and the store has not yet marked sent. */
  let answered: number | null = null;
  try {
    for (;;) {
      const last = inFlight.events[inFlight.events.length - 1] as ChainedAuditEvent;
      // Lets the request reach the socket before the store's writes and reads hold this thread.
      await new Promise<void>((r) => setImmediate(r));
      const next = inFlight.events.length === d.batch ? await d.store.unsentAuditEvents(d.batch, last.seq) : [];
      // Sent before the mark below: the sooner it is with the server, the sooner it is ready behind the one before.
      const behind = checksAfter && next.length > 0 ? send(next, { seq: last.seq, hash: last.hash }) : null;
      if (answered !== null) {
        // The store's write holds this thread: the request behind goes to the socket first.
        if (behind !== null) await new Promise<void>((r) => setImmediate(r));
        await d.store.markAuditSent(answered);
        answered = null;
      }
      let out: Awaited<Sent['answer']>;
      try {
        out = await inFlight.answer;
      } catch (e) {
        // Nothing is left outstanding when the upload ends (a batch behind a failed one is refused).
        await behind?.answer.catch(() => undefined);
        if (!(inFlight.behind && isAfterNotHead(e))) throw e;
        // The batch before this one is answered by now: this one goes again on its own, then the rest.
        inFlight = send(inFlight.events);
        continue;
      }
      checksAfter = out.checksAfter === true;
      answered = last.seq;
      if (next.length === 0) return;
      inFlight = behind ?? send(next);
    }
  } finally {
    // What the server took is written down even when a later batch failed.
    if (answered !== null) await d.store.markAuditSent(answered);
  }
}
