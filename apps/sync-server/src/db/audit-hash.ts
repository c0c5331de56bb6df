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

/** The canonical text of an event around its chain position: `${before}${detail}${after}${prevHash}${mid}${seq}${tail}`. */
export interface PreparedEvent {
  readonly before: string;
  /** The canonical JSON of `detail` alone (valid JSON of the same record, for storing it). */
  readonly detail: string;
  readonly after: string;
  readonly mid: string;
  readonly tail: string;
}

const str = (v: string | null): string => (v === null ? 'null' : JSON.stringify(v));

type DetailValue = string | number | boolean | null;

/** Canonical JSON of one detail value (numbers, and non-finite ones that throw, follow core's rules). */
const valueJson = (v: unknown): string =>
  typeof v === 'string' ? JSON.stringify(v) : typeof v === 'boolean' ? (v ? 'true' : 'false') : v === null ? 'null' : Number.isSafeInteger(v) ? String(v) : canonicalJson(v);

/**
 * An event's canonical text cut around its detail and chain position, with its detail's members
 * already in canonical order. Ingest makes one per event and takes both of its texts from it: the
 * device's own (checked against the device hash) and the central one (its detail with the ingest
 * keys merged in); everything but the detail is the same in both.
 */
export interface EventFrame {
  readonly before: string;
  readonly after: string;
  readonly mid: string;
  readonly tail: string;
  /** The detail's keys whose value is not undefined, sorted by UTF-16 code units (as core does). */
  readonly keys: readonly string[];
  /** `"key":value` in canonical JSON, one per key, in the same order. */
  readonly members: readonly string[];
}

/** The frame of `e`. A field that is undefined is left out, as canonical JSON does. */
export function frameOf(e: AuditEventInput): EventFrame {
  if (e.patientId === undefined || e.resourceType === undefined || e.resourceId === undefined || e.reason === undefined) {
    throw new TypeError('prepareAuditEvent: every nullable field must be present (null, not undefined)');
  }
  const keys: string[] = [];
  const members: string[] = [];
  for (const k of Object.keys(e.detail).sort()) {
    const v = e.detail[k];
    if (v === undefined) continue;
    keys.push(k);
    members.push(`${JSON.stringify(k)}:${valueJson(v)}`);
  }
  // Keys in canonical order: action, detail, deviceId, eventId, outcome, patientId, prevHash,
  // reason, recordedAt, resourceId, resourceType, seq, userId.
  // Pieces left as V8 joins them (no array, no copy): hashPrepared copies the whole text once.
  return {
    before: `{"action":${JSON.stringify(e.action)},"detail":`,
    after: `,"deviceId":${JSON.stringify(e.deviceId)},"eventId":${JSON.stringify(e.eventId)},"outcome":${JSON.stringify(e.outcome)},"patientId":${str(e.patientId)},"prevHash":"`,
    mid: `","reason":${str(e.reason)},"recordedAt":${JSON.stringify(e.recordedAt)},"resourceId":${str(e.resourceId)},"resourceType":${str(e.resourceType)},"seq":`,
    tail: `,"userId":${JSON.stringify(e.userId)}}`,
    keys,
    members,
  };
}

const preparedWith = (f: EventFrame, detail: string): PreparedEvent => ({ before: f.before, detail, after: f.after, mid: f.mid, tail: f.tail });

/** JSON of each key of an `extraKeys` list (the ingest keys, one list per process). */
const keyJsonOf = new WeakMap<readonly string[], readonly string[]>();

/** The canonical text of the event the frame was made from. */
export const framePrepared = (f: EventFrame): PreparedEvent => preparedWith(f, `{${f.members.join(',')}}`);

/**
 * The canonical text of the frame's event with `extra` added to its detail, without building that
 * event: `prepareAuditEvent({ ...e, detail: { ...e.detail, ...extra } })`. The two sorted key lists
 * are merged (a key of `extra` replaces the same key of the detail, as the spread does).
 * `extraKeys` must be sorted and hold the keys of `extra` whose value is not undefined.
 */
export function frameWithExtraDetail(f: EventFrame, extraKeys: readonly string[], extra: Readonly<Record<string, DetailValue>>): PreparedEvent {
  let keyJson = keyJsonOf.get(extraKeys);
  if (keyJson === undefined) {
    keyJson = extraKeys.map((k) => JSON.stringify(k));
    keyJsonOf.set(extraKeys, keyJson);
  }
  const parts: string[] = [];
  let i = 0;
  let j = 0;
  while (i < f.keys.length || j < extraKeys.length) {
    const a = f.keys[i];
    const b = extraKeys[j];
    if (b === undefined || (a !== undefined && a < b)) {
      parts.push(f.members[i] as string);
      i++;
      continue;
    }
    if (a === b) i++; // extra wins
    parts.push(`${keyJson[j] as string}:${valueJson(extra[b])}`);
    j++;
  }
  return preparedWith(f, `{${parts.join(',')}}`);
}

/** Splits the canonical text of `e` around `prevHash` and `seq`. */
export const prepareAuditEvent = (e: AuditEventInput): PreparedEvent => framePrepared(frameOf(e));

/**
 * The canonical text of `e` with `extra` added to its detail (frameWithExtraDetail). Ingest stores
 * each device event with its own keys added (the same keys for every event): `extraKeys` is
 * `Object.keys(extra)` sorted, computed once per batch.
 */
export const prepareWithExtraDetail = (e: AuditEventInput, extraKeys: readonly string[], extra: Readonly<Record<string, DetailValue>>): PreparedEvent =>
  frameWithExtraDetail(frameOf(e), extraKeys, extra);

/**
 * SHA-256 (hex) of the canonical text of the prepared event at `seq` after `prevHash`. One-shot
 * `crypto.hash` over the whole text (a third of the cost of a Hash object fed piece by piece),
 * which it copies flat once.
 */
export function hashPrepared(p: PreparedEvent, seq: number, prevHash: string): string {
  return oneShotHash('sha256', `${p.before}${p.detail}${p.after}${prevHash}${p.mid}${seq}${p.tail}`, 'hex');
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

/**
 * verifyChain one event at a time, for a caller that makes each event's text once and streams it
 * on (ingest): the same answer and the same first failing index. `next` says whether the event
 * and every one before it verified; after the first failure every later event is unverified.
 */
export class ChainFollower {
  private expectedSeq: number;
  private expectedPrev: string;
  private last: ChainHead | null;
  private index = 0;
  private failure: Extract<ChainVerification, { ok: false }> | null = null;

  constructor(head: ChainHead | null) {
    this.expectedSeq = head === null ? 1 : head.seq + 1;
    this.expectedPrev = head === null ? GENESIS_HASH : head.hash;
    this.last = head;
  }

  /** Checks the next event of the chain against its canonical text (`framePrepared(frameOf(event))`). */
  next(event: ChainedAuditEvent, text: PreparedEvent): boolean {
    const index = this.index++;
    if (this.failure !== null) return false;
    const reason = event.seq !== this.expectedSeq ? 'seq-gap' : event.prevHash !== this.expectedPrev ? 'prev-hash-mismatch' : hashPrepared(text, event.seq, event.prevHash) !== event.hash ? 'hash-mismatch' : null;
    if (reason !== null) {
      this.failure = { ok: false, index, seq: event.seq, reason };
      return false;
    }
    const hash = event.hash;
    this.last = { seq: event.seq, hash };
    this.expectedSeq += 1;
    this.expectedPrev = hash;
    return true;
  }

  /** What verifyChain gives for the events seen so far. */
  result(): ChainVerification {
    return this.failure ?? { ok: true, head: this.last };
  }
}
