/**
 * Audit event hashing on the server's hot paths (bulk ingest, chain verification), byte for byte
 * the hash core's `hashAuditEvent` computes (canonical JSON, RFC 8785 section 3.2.3 key order, of
 * every field but `hash`), without core's generic walk: an audit event has a fixed set of fields,
 * so their sorted order is written out once here and only `detail` is sorted per event. The
 * canonical text is cut into the part before `prevHash`, the part between `prevHash` and `seq`,
 * and the tail, so a chain can be prepared before its head is known (while the head lock is in
 * flight) and then hashed in one cheap pass. audit-hash.test.ts checks the equality with core.
 */
import { hash as oneShotHash } from 'node:crypto';
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

type DetailValue = string | number | boolean | null;

/** Canonical JSON of one detail value (numbers, and non-finite ones that throw, follow core's rules). */
const valueJson = (v: unknown): string =>
  typeof v === 'string' ? JSON.stringify(v) : typeof v === 'boolean' ? (v ? 'true' : 'false') : v === null ? 'null' : canonicalJson(v);

/** Canonical JSON of a flat detail record (keys sorted by UTF-16 code units, as core does). */
function detailJson(detail: Readonly<Record<string, unknown>>): string {
  const keys = Object.keys(detail).sort();
  const parts: string[] = [];
  for (const k of keys) {
    const v = detail[k];
    if (v === undefined) continue;
    parts.push(`${JSON.stringify(k)}:${valueJson(v)}`);
  }
  return `{${parts.join(',')}}`;
}

/**
 * Canonical JSON of `{ ...detail, ...extra }` without building that object: both key lists are
 * sorted and merged (a key of `extra` replaces the same key of `detail`, as the spread does).
 * `extraKeys` must be sorted and hold the keys of `extra` whose value is not undefined.
 */
function mergedDetailJson(detail: Readonly<Record<string, unknown>>, extraKeys: readonly string[], extra: Readonly<Record<string, DetailValue>>): string {
  const keys = Object.keys(detail).sort();
  const parts: string[] = [];
  let i = 0;
  let j = 0;
  while (i < keys.length || j < extraKeys.length) {
    const a = keys[i];
    const b = extraKeys[j];
    if (b === undefined || (a !== undefined && a < b)) {
      i++;
      const v = detail[a as string];
      if (v !== undefined) parts.push(`${JSON.stringify(a)}:${valueJson(v)}`);
      continue;
    }
    if (a === b) i++; // extra wins
    j++;
    parts.push(`${JSON.stringify(b)}:${valueJson(extra[b])}`);
  }
  return `{${parts.join(',')}}`;
}

/**
 * Splits the canonical text of `e` around `prevHash` and `seq`. Keys in canonical order:
 * action, detail, deviceId, eventId, outcome, patientId, prevHash, reason, recordedAt, resourceId,
 * resourceType, seq, userId. A field that is undefined is left out, as canonical JSON does.
 */
export function prepareAuditEvent(e: AuditEventInput): PreparedEvent {
  const around = aroundDetail(e);
  const detail = detailJson(e.detail);
  // Joined, not concatenated: flat strings, so hashing does not first flatten a tree of pieces.
  return { detail, head: [around.before, detail, around.after].join(''), mid: around.mid, tail: around.tail };
}

/** The canonical text of `e` but its detail: before it, after it up to `prevHash`, then `mid` and `tail`. */
function aroundDetail(e: AuditEventInput): { before: string; after: string; mid: string; tail: string } {
  if (e.patientId === undefined || e.resourceType === undefined || e.resourceId === undefined || e.reason === undefined) {
    throw new TypeError('prepareAuditEvent: every nullable field must be present (null, not undefined)');
  }
  return {
    before: `{"action":${JSON.stringify(e.action)},"detail":`,
    after: [',"deviceId":', JSON.stringify(e.deviceId), ',"eventId":', JSON.stringify(e.eventId), ',"outcome":', JSON.stringify(e.outcome), ',"patientId":', str(e.patientId), ',"prevHash":"'].join(''),
    mid: ['","reason":', str(e.reason), ',"recordedAt":', JSON.stringify(e.recordedAt), ',"resourceId":', str(e.resourceId), ',"resourceType":', str(e.resourceType), ',"seq":'].join(''),
    tail: `,"userId":${JSON.stringify(e.userId)}}`,
  };
}

/**
 * The canonical text of `e` with `extra` added to its detail, without building that event:
 * `prepareAuditEvent({ ...e, detail: { ...e.detail, ...extra } })`. Ingest stores each device
 * event with its own keys added (the same keys for every event): `extraKeys` is
 * `Object.keys(extra)` sorted, computed once per batch.
 */
export function prepareWithExtraDetail(e: AuditEventInput, extraKeys: readonly string[], extra: Readonly<Record<string, DetailValue>>): PreparedEvent {
  const around = aroundDetail(e);
  const detail = mergedDetailJson(e.detail, extraKeys, extra);
  return { detail, head: [around.before, detail, around.after].join(''), mid: around.mid, tail: around.tail };
}

/**
 * SHA-256 (hex) of the canonical text of the prepared event at `seq` after `prevHash`. One-shot
 * `crypto.hash` over the joined text: a third of the cost of a Hash object fed in five updates.
 */
export function hashPrepared(p: PreparedEvent, seq: number, prevHash: string): string {
  return oneShotHash('sha256', p.head + prevHash + p.mid + String(seq) + p.tail, 'hex');
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
