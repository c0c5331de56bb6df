/**
 * The audit hash chain (HIPAA 164.312(b) audit controls, 164.312(c)(1) integrity). Each event
 * carries `seq` (1, 2, 3, ... per chain), `prevHash` (the previous event's hash, GENESIS_HASH for
 * the first) and `hash` = SHA-256 (hex) of the canonical JSON (canonical-json.ts, RFC 8785-like)
 * of the event's own fields except `hash`. Editing, deleting, reordering or inserting an event
 * breaks the chain at the first affected position.
 *
 * The hash is unkeyed: it proves the chain is unbroken from a head you trust, not who wrote it.
 * Truncating the tail is only visible against a head stored elsewhere (the server keeps each
 * device's last verified head and passes it to `verifyAuditChain`).
 */
import { GENESIS_HASH, type AuditEventInput, type ChainedAuditEvent } from './event.ts';
import { canonicalJson } from './canonical-json.ts';

export { canonicalJson } from './canonical-json.ts';

/** SHA-256 of the UTF-8 bytes of `data`, as 64 lowercase hex digits. Injected: core has no crypto. */
export type Sha256Hex = (data: string) => string;

export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

export type ChainVerification =
  | { ok: true; head: ChainHead | null }
  | { ok: false; index: number; seq: number; reason: 'hash-mismatch' | 'prev-hash-mismatch' | 'seq-gap' };

const HEX64 = /^[0-9a-f]{64}$/;

type HashedField = keyof Omit<ChainedAuditEvent, 'hash'>;
/** Every field of a chained event but `hash`; the Record makes the compiler insist on all of them. */
const HASHED: Record<HashedField, true> = {
  eventId: true, deviceId: true, userId: true, action: true, patientId: true, resourceType: true,
  resourceId: true, outcome: true, reason: true, detail: true, recordedAt: true, seq: true, prevHash: true,
};
const AUDIT_EVENT_HASHED_FIELDS = Object.keys(HASHED) as HashedField[];

/**
 * Hashes exactly the schema's fields (never extra properties a database row may carry), so the
 * same event hashes the same on the workstation and on the server.
 */
export function hashAuditEvent(event: Omit<ChainedAuditEvent, 'hash'>, sha256: Sha256Hex): string {
  const hashed: Record<string, unknown> = {};
  for (const key of AUDIT_EVENT_HASHED_FIELDS) hashed[key] = event[key];
  const hash = sha256(canonicalJson(hashed));
  if (!HEX64.test(hash)) throw new TypeError('sha256 must return 64 lowercase hex digits');
  return hash;
}

/** Chains `inputs`, in order, after `head` (null: start a new chain at seq 1). */
export function appendToChain(inputs: readonly AuditEventInput[], head: ChainHead | null, sha256: Sha256Hex): ChainedAuditEvent[] {
  if (head !== null && (!Number.isSafeInteger(head.seq) || head.seq < 1 || !HEX64.test(head.hash))) {
    throw new TypeError('appendToChain: head must be a positive seq and a 64-hex hash');
  }
  let seq = head === null ? 0 : head.seq;
  let prevHash = head === null ? GENESIS_HASH : head.hash;
  const out: ChainedAuditEvent[] = [];
  for (const input of inputs) {
    seq += 1;
    const unhashed: Omit<ChainedAuditEvent, 'hash'> = {
      eventId: input.eventId,
      deviceId: input.deviceId,
      userId: input.userId,
      action: input.action,
      patientId: input.patientId,
      resourceType: input.resourceType,
      resourceId: input.resourceId,
      outcome: input.outcome,
      reason: input.reason,
      detail: { ...input.detail },
      recordedAt: input.recordedAt,
      seq,
      prevHash,
    };
    const hash = hashAuditEvent(unhashed, sha256);
    out.push({ ...unhashed, hash });
    prevHash = hash;
  }
  return out;
}

/**
 * Verifies that `events` continue the chain after `head` (omitted or null: from the genesis, seq 1)
 * and reports the first index where they do not. On success returns the new head (the last event,
 * or `head` itself when `events` is empty).
 */
export function verifyAuditChain(events: readonly ChainedAuditEvent[], sha256: Sha256Hex, head?: ChainHead | null): ChainVerification {
  let expectedSeq = head == null ? 1 : head.seq + 1;
  let expectedPrev = head == null ? GENESIS_HASH : head.hash;
  let last: ChainHead | null = head ?? null;
  for (let index = 0; index < events.length; index++) {
    const event = events[index];
    if (event === undefined) return { ok: false, index, seq: expectedSeq, reason: 'seq-gap' };
    if (event.seq !== expectedSeq) return { ok: false, index, seq: event.seq, reason: 'seq-gap' };
    if (event.prevHash !== expectedPrev) return { ok: false, index, seq: event.seq, reason: 'prev-hash-mismatch' };
    const { hash, ...unhashed } = event;
    if (hashAuditEvent(unhashed, sha256) !== hash) return { ok: false, index, seq: event.seq, reason: 'hash-mismatch' };
    last = { seq: event.seq, hash };
    expectedSeq += 1;
    expectedPrev = hash;
  }
  return { ok: true, head: last };
}
