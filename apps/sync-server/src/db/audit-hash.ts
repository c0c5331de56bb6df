/**
 * Audit event hashing on the server's hot paths (bulk ingest, chain verification), byte for byte
 * the hash core's `hashAuditEvent` computes (canonical JSON, RFC 8785 section 3.2.3 key order, of
 * every field but `hash`), without core's generic walk: an audit event has a fixed set of fields,
 * so their sorted order is written out once here and only `detail` is sorted per event. The
 * canonical text is cut into the part before `prevHash`, the part between `prevHash` and `seq`,
 * and the tail, so a chain can be prepared before its head is known (while the head lock is in
 * flight) and then hashed in one cheap pass. audit-hash.test.ts checks the equality with core.
 */
import { createHash } from 'node:crypto';
import { canonicalJson, GENESIS_HASH, type AuditEventInput, type ChainedAuditEvent, type ChainHead, type ChainVerification } from '@lantern/core';

/** The canonical text of an event around its chain position: `${head}${prevHash}${mid}${seq}${tail}`. */
export interface PreparedEvent {
  readonly head: string;
  readonly mid: string;
  readonly tail: string;
  /** The canonical JSON of `detail` alone (valid JSON of the same record, for storing it). */
  readonly detail: string;
}

const str = (v: string | null): string => (v === null ? 'null' : JSON.stringify(v));

/** Canonical JSON of a flat detail record (keys sorted by UTF-16 code units, as core does). */
function detailJson(detail: Readonly<Record<string, unknown>>): string {
  const keys = Object.keys(detail).sort();
  const parts: string[] = [];
  for (const k of keys) {
    const v = detail[k];
    if (v === undefined) continue;
    // Numbers (non-finite ones throw there) and anything unexpected follow core's rules.
    const s = typeof v === 'string' ? JSON.stringify(v) : typeof v === 'boolean' ? (v ? 'true' : 'false') : v === null ? 'null' : canonicalJson(v);
    parts.push(`${JSON.stringify(k)}:${s}`);
  }
  return `{${parts.join(',')}}`;
}

/**
 * Splits the canonical text of `e` around `prevHash` and `seq`. Keys in canonical order:
 * action, detail, deviceId, eventId, outcome, patientId, prevHash, reason, recordedAt, resourceId,
 * resourceType, seq, userId. A field that is undefined is left out, as canonical JSON does.
 */
export function prepareAuditEvent(e: AuditEventInput): PreparedEvent {
  if (e.patientId === undefined || e.resourceType === undefined || e.resourceId === undefined || e.reason === undefined) {
    throw new TypeError('prepareAuditEvent: every nullable field must be present (null, not undefined)');
  }
  const detail = detailJson(e.detail);
  // Joined, not concatenated: flat strings, so hashing does not first flatten a tree of pieces.
  return {
    detail,
    head: ['{"action":', JSON.stringify(e.action), ',"detail":', detail, ',"deviceId":', JSON.stringify(e.deviceId), ',"eventId":', JSON.stringify(e.eventId),
      ',"outcome":', JSON.stringify(e.outcome), ',"patientId":', str(e.patientId), ',"prevHash":"'].join(''),
    mid: ['","reason":', str(e.reason), ',"recordedAt":', JSON.stringify(e.recordedAt), ',"resourceId":', str(e.resourceId), ',"resourceType":', str(e.resourceType), ',"seq":'].join(''),
    tail: `,"userId":${JSON.stringify(e.userId)}}`,
  };
}

/** SHA-256 (hex) of the canonical text of the prepared event at `seq` after `prevHash`. */
export function hashPrepared(p: PreparedEvent, seq: number, prevHash: string): string {
  return createHash('sha256').update(p.head, 'utf8').update(prevHash, 'utf8').update(p.mid, 'utf8').update(String(seq), 'utf8').update(p.tail, 'utf8').digest('hex');
}

/** The hash core's `hashAuditEvent(e, sha256)` gives, for a chained event. */
export function auditEventHash(e: Omit<ChainedAuditEvent, 'hash'>): string {
  return hashPrepared(prepareAuditEvent(e), e.seq, e.prevHash);
}

/**
 * Core's `verifyAuditChain` (same answers, same first failing index) with the hashing above.
 * `head` null or omitted: the events start a chain at seq 1.
 */
export function verifyChain(events: readonly ChainedAuditEvent[], head?: ChainHead | null): ChainVerification {
  let expectedSeq = head == null ? 1 : head.seq + 1;
  let expectedPrev = head == null ? GENESIS_HASH : head.hash;
  let last: ChainHead | null = head ?? null;
  for (let index = 0; index < events.length; index++) {
    const event = events[index];
    if (event === undefined) return { ok: false, index, seq: expectedSeq, reason: 'seq-gap' };
    if (event.seq !== expectedSeq) return { ok: false, index, seq: event.seq, reason: 'seq-gap' };
    if (event.prevHash !== expectedPrev) return { ok: false, index, seq: event.seq, reason: 'prev-hash-mismatch' };
    let hash: string;
    try {
      hash = auditEventHash(event);
    } catch {
      // A stored row no longer shaped like an event cannot hash to its recorded hash.
      return { ok: false, index, seq: event.seq, reason: 'hash-mismatch' };
    }
    if (hash !== event.hash) return { ok: false, index, seq: event.seq, reason: 'hash-mismatch' };
    last = { seq: event.seq, hash };
    expectedSeq += 1;
    expectedPrev = hash;
  }
  return { ok: true, head: last };
}
