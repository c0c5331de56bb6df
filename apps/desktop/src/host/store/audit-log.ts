/**
 * This device's audit trail (HIPAA 164.312(b)), hash-chained with core's `appendToChain` and kept
 * until the server's `audit.ingest` accepts it. Appending reads the head and writes the new
 * events in one write transaction, so two appends can never fork the chain.
 */
import { createHash } from 'node:crypto';
import { appendToChain, type AuditEventInput, type ChainHead, type ChainedAuditEvent } from '@lantern/core';
import type { StoreDb } from './store-db.ts';

export const sha256Hex = (data: string): string => createHash('sha256').update(data, 'utf8').digest('hex');

export function chainHead(db: StoreDb): ChainHead | null {
  const row = db.get<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  return row === undefined ? null : { seq: row.seq, hash: row.hash };
}

/** Call inside a write transaction. Returns the chained events as stored. */
export function appendAuditEvents(db: StoreDb, inputs: readonly AuditEventInput[]): ChainedAuditEvent[] {
  const chained = appendToChain(inputs, chainHead(db), sha256Hex);
  for (const e of chained) {
    db.run('INSERT INTO audit_log (seq, event_id, prev_hash, hash, event) VALUES (?, ?, ?, ?, ?)', e.seq, e.eventId, e.prevHash, e.hash, JSON.stringify(e));
  }
  return chained;
}

export function listUnsentAudit(db: StoreDb, limit: number, afterSeq = 0): ChainedAuditEvent[] {
  return db.all<{ event: string }>('SELECT event FROM audit_log WHERE sent = 0 AND seq > ? ORDER BY seq LIMIT ?', afterSeq, limit).map((r) => JSON.parse(r.event) as ChainedAuditEvent);
}

/** Marks every event up to and including `throughSeq` as ingested by the server. The rows stay:
 *  the chain's head must remain to continue it, and local review may still need them. */
export function markAuditSent(db: StoreDb, throughSeq: number): number {
  return db.run('UPDATE audit_log SET sent = 1 WHERE sent = 0 AND seq <= ?', throughSeq).changes;
}
