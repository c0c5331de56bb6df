/**
 * The central audit log (HIPAA 164.312(b)): CHAIN_COUNT SHA-256 hash chains over `audit.events`,
 * each built with core's `appendToChain` so the server and the workstations hash events
 * identically. Each chain has its own head row (`audit.chain_heads`, migration 0014) that its
 * writers lock FOR UPDATE, so appends to different chains never wait on each other: there is no
 * lock every audited read in the system waits on. A transaction appends to one chain only (the
 * chain of its connection, see chainOf), so it holds at most one head and two appenders can never
 * deadlock on heads. Each chain verifies alone (verify-chain.ts); the signed checkpoints bind all
 * the heads together (audit-checkpoints/). `seq` is the global row number (unique, drawn from
 * `audit.event_seq` after the head lock gave the transaction its id, so `settledAuditSeq` can bound
 * readers that page by it); `chain_seq` is the chain position the hash covers.
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import {
  AuditEventInputSchema, ChainedAuditEventSchema,
  type AuditAction, type AuditEventInput, type ChainedAuditEvent, type ChainHead, type Role,
} from '@lantern/core';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { z } from 'zod';
import { hashPrepared, prepareAuditEvent, type PreparedEvent } from './audit-hash.ts';
import { settledSeq } from './settled-seq.ts';

/** Number of chains (rows of audit.chain_heads made by migration 0014). */
export const CHAIN_COUNT = 16;

/**
 * The chain a connection appends to: connections are numbered round robin from a random start per
 * process, so the connections of one server use different chains and several servers spread over
 * all of them. Sticky per connection, so every append of one transaction goes to the same chain.
 */
const chainOfClient = new WeakMap<object, number>();
let nextChain = Math.floor(Math.random() * CHAIN_COUNT);
export function chainOf(c: object): number {
  let chain = chainOfClient.get(c);
  if (chain === undefined) {
    chain = nextChain;
    nextChain = (nextChain + 1) % CHAIN_COUNT;
    chainOfClient.set(c, chain);
  }
  return chain;
}

/**
 * The highest global `seq` at or below which every appender has committed or rolled back (the
 * transaction-id watermark, settled-seq.ts): readers that page audit.events by seq (the alert
 * processor) bound their reads by it, since chains commit independently and out of seq order.
 */
export function settledAuditSeq(pool: pg.Pool): Promise<string> {
  return settledSeq(pool, 'audit.event_seq');
}

/** Who is acting, from where: the fields every server-side event carries. */
export interface Actor {
  userId: string;
  role: Role | 'anonymous' | 'system';
  deviceId: string;
  clientAddress: string;
}

export interface ServerAuditEvent {
  action: AuditAction;
  outcome: 'success' | 'denied' | 'failure';
  patientId?: string | null;
  resourceType?: string | null;
  resourceId?: string | null;
  reason?: string | null;
  /** Treatment, payment, operations, emergency (break-glass). Ids and codes only. */
  purposeOfUse?: string;
  breakGlass?: boolean;
  detail?: Record<string, string | number | boolean | null>;
}

/** Builds the AuditEventInput for a server-side event; role, address and flags ride in `detail`. */
export function serverEvent(actor: Actor, e: ServerAuditEvent, recordedAt: Date): AuditEventInput {
  // Object.assign, not `{ ...e.detail, origin, ... }`: on Node 20 a spread followed by more
  // properties takes V8's slow path (about 2 us per object; a push makes one event per mutation).
  // A detail with an own '__proto__' key is spread, so the key is copied as the spread would.
  const detail: Record<string, string | number | boolean | null> = e.detail !== undefined && Object.hasOwn(e.detail, '__proto__') ? { ...e.detail } : Object.assign({}, e.detail);
  detail['origin'] = 'server';
  detail['role'] = actor.role;
  detail['clientAddress'] = actor.clientAddress;
  if (e.purposeOfUse !== undefined) detail['purposeOfUse'] = e.purposeOfUse;
  if (e.breakGlass === true) detail['breakGlass'] = true;
  const event: AuditEventInput = {
    eventId: randomUUID(),
    deviceId: actor.deviceId as AuditEventInput['deviceId'],
    userId: actor.userId as AuditEventInput['userId'],
    action: e.action,
    patientId: (e.patientId ?? null) as AuditEventInput['patientId'],
    resourceType: e.resourceType ?? null,
    resourceId: e.resourceId ?? null,
    outcome: e.outcome,
    reason: e.reason ?? null,
    detail,
    recordedAt: isoOf(recordedAt),
  };
  madeHere.add(event);
  return event;
}

/**
 * Events serverEvent made: their id, action, outcome, detail value types and time come from typed
 * code, so appending them checks only what types cannot promise (checkMadeHere) instead of the full
 * schema parse (about 10 us an event; a push appends one per mutation). Anything else is parsed.
 */
const madeHere = new WeakSet<AuditEventInput>();
/** zod's `uuid()` pattern (what AuditEventInputSchema checks patientId with). */
const UUID_RE = /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$/;
const within = (v: string | null, max: number) => v === null || (typeof v === 'string' && v.length <= max);

/** The parts of AuditEventInputSchema a server-made event's types do not guarantee (lengths, patient UUID, finite numbers). */
function checkMadeHere(e: AuditEventInput): boolean {
  if (typeof e.deviceId !== 'string' || e.deviceId.length < 1 || e.deviceId.length > 128) return false;
  if (typeof e.userId !== 'string' || e.userId.length < 1 || e.userId.length > 128) return false;
  if (e.patientId !== null && !(typeof e.patientId === 'string' && UUID_RE.test(e.patientId))) return false;
  if (!within(e.resourceType, 64) || !within(e.resourceId, 64) || !within(e.reason, 1000)) return false;
  for (const k in e.detail) {
    const v = e.detail[k];
    if (typeof v === 'number' ? !Number.isFinite(v) : v !== null && typeof v !== 'string' && typeof v !== 'boolean') return false;
  }
  return true;
}

/** The event as the log may store it: server-made ones checked cheaply, anything else (or failing that check) parsed. */
const validEvent = (e: AuditEventInput): AuditEventInput => (madeHere.has(e) && checkMadeHere(e) ? e : AuditEventInputSchema.parse(e));

/** The last date written as text: a batch's events all carry the same time. */
let lastIso = { time: NaN, text: '' };
function isoOf(d: Date): string {
  const time = d.getTime();
  if (time !== lastIso.time) lastIso = { time, text: d.toISOString() };
  return lastIso.text;
}

const HeadRow = z.object({ seq: z.coerce.number().int().min(0), hash: z.string() });

/**
 * Locks the chain's head row and reads it in ONE round trip. The chain number is an integer we
 * chose, so it is written into the text and no parameter is needed (simple protocol).
 */
const lockHeadSql = (chain: number) => `SELECT seq, hash FROM audit.chain_heads WHERE chain = ${String(Math.trunc(chain))} FOR UPDATE`;

/**
 * The head this process last appended to each chain. Only a guess: the chain is precomputed on it
 * while the lock round trip is in flight, and used only if the locked head read from the database
 * equals it (another server, a rolled-back transaction or another database simply cost a
 * recomputation).
 */
const lastAppendedHead = new Map<number, ChainHead | null>();
/** Whether the last guess was right; after a miss the next append does not precompute. */
let guessHolds = true;
const sameHead = (a: ChainHead | null, b: ChainHead | null) => (a === null ? b === null : b !== null && a.seq === b.seq && a.hash === b.hash);

function headOf(result: unknown): ChainHead | null {
  const row = (result as { rows: unknown[] }).rows[0];
  if (row === undefined) throw new Error('audit chain head missing (migration 0014 not applied?)');
  const h = HeadRow.parse(row);
  return h.seq === 0 ? null : h;
}

const EVENT_COLUMNS = `event_id, device_id, user_id, action, patient_id, resource_type, resource_id,
       outcome, reason, detail, recorded_at, prev_hash, hash`;

/** `$1`: the rows; `$2`-`$4` (last chunk only): the chain's new head, written in the same statement. */
const insertSql = (withHead: boolean) => `${withHead ? 'WITH h AS (UPDATE audit.chain_heads SET seq = $2, hash = $3 WHERE chain = $4) ' : ''}
     INSERT INTO audit.events (seq, chain, chain_seq, ${EVENT_COLUMNS})
     SELECT nextval('audit.event_seq'), chain, chain_seq, ${EVENT_COLUMNS}
     FROM jsonb_to_recordset($1::jsonb) AS x(chain smallint, chain_seq bigint, event_id text, device_id text, user_id text, action text,
       patient_id text, resource_type text, resource_id text, outcome text, reason text, detail jsonb,
       recorded_at text, prev_hash text, hash text)`;

/** Events per INSERT when a mid-sized append is pipelined (hashing one chunk while the previous one is inserted). */
const CHUNK = 250;

/**
 * Appends of at least this many events (a workstation's ingest batch, a large push) are written
 * with one COPY: Postgres parses COPY text rows for a fraction of what jsonb_to_recordset costs,
 * and the rows stream in while the later ones are still being hashed.
 */
export const COPY_MIN_EVENTS = 500;
/** Rows per write into the COPY stream: hashed just before they are written. */
const COPY_PIECE = 500;

/** An event ready to be chained: its canonical text around `prevHash`/`seq`. */
interface Ready {
  input: AuditEventInput;
  canon: PreparedEvent;
}

/**
 * An event ready for the bulk path: its canonical text and its columns from event_id to
 * recorded_at in COPY text. Only the chain position, prevHash and hash are left to compute.
 */
export interface BulkRow {
  readonly canon: PreparedEvent;
  readonly columns: string;
}

const copyColumns = (e: AuditEventInput, detailJson: string): string => [
  copyValue(e.eventId), copyValue(e.deviceId), copyValue(e.userId), copyValue(e.action), copyValue(e.patientId), copyValue(e.resourceType),
  copyValue(e.resourceId), copyValue(e.outcome), copyValue(e.reason), copyValue(detailJson), copyValue(e.recordedAt),
].join('\t');

/**
 * The bulk row of `e` stored with the detail `canon` was prepared with (`canon.detail`, which may
 * differ from `e.detail`: ingest adds its own keys, see audit-hash.ts `prepareWithExtraDetail`).
 */
export function bulkRow(e: AuditEventInput, canon: PreparedEvent): BulkRow {
  return { canon, columns: copyColumns(e, canon.detail) };
}

function chainReady(ready: readonly Ready[], from: number, to: number, head: ChainHead | null, out: ChainedAuditEvent[]): ChainHead | null {
  let seq = head === null ? 0 : head.seq;
  let prevHash = head === null ? GENESIS : head.hash;
  for (let i = from; i < to; i++) {
    const r = ready[i] as Ready;
    seq += 1;
    const hash = hashPrepared(r.canon, seq, prevHash);
    out.push(Object.assign({}, r.input, { seq, prevHash, hash })); // not a spread: see serverEvent
    prevHash = hash;
  }
  return seq === 0 ? null : { seq, hash: prevHash };
}
const GENESIS = '0'.repeat(64);

const rowsOf = (chain: number, chained: readonly ChainedAuditEvent[]) => chained.map((e) => ({
  chain, chain_seq: e.seq, event_id: e.eventId, device_id: e.deviceId, user_id: e.userId, action: e.action,
  patient_id: e.patientId, resource_type: e.resourceType, resource_id: e.resourceId, outcome: e.outcome,
  reason: e.reason, detail: e.detail, recorded_at: e.recordedAt, prev_hash: e.prevHash, hash: e.hash,
}));

/** A value in COPY's text format (PostgreSQL "COPY", File Formats, Text Format): \N is NULL; backslash, tab, CR and LF are escaped. */
const COPY_SPECIAL = /[\\\t\n\r]/;
function copyValue(v: string | null): string {
  if (v === null) return '\\N';
  return COPY_SPECIAL.test(v) ? v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : v;
}

const COPY_SQL = `COPY audit.events (seq, chain, chain_seq, ${EVENT_COLUMNS.replace(/\s+/g, ' ')}) FROM STDIN`;

/** The head lock, then `n` numbers from audit.event_seq drawn after it (the lock gave the transaction its id), in one round trip. */
const lockHeadAndSeqsSql = (chain: number, n: number) =>
  `${lockHeadSql(chain)}; SELECT string_agg(nextval('audit.event_seq')::text, ',') AS s FROM generate_series(1, ${String(Math.trunc(n))})`;

const SeqsRow = z.object({ s: z.string() });

/**
 * The bulk path: COPY the chained rows in pieces, each piece hashed just before it is written, so
 * Node hashes while Postgres inserts; then the head. Same rows, hashes and head as the INSERT path.
 * `locking`: the lockHeadAndSeqsSql query, already sent. Each row is made (`rowAt`) just before it
 * is hashed and written, so a batch's canonical texts are never all alive at once (held across the
 * batch they were promoted out of the young generation: most of ingest's garbage collection).
 * Pieces go straight into the COPY stream (waiting only when it asks to drain).
 */
async function appendByCopy(c: pg.ClientBase, chain: number, count: number, rowAt: (i: number) => BulkRow, locking: Promise<unknown>, keep: { out: ChainedAuditEvent[]; inputs: readonly AuditEventInput[] } | null): Promise<ChainHead | null> {
  const res: unknown = await locking;
  const [lockResult, seqResult] = res as [unknown, { rows: unknown[] }];
  const head = headOf(lockResult);
  const seqs = SeqsRow.parse(seqResult.rows[0]).s.split(',');
  if (seqs.length !== count) throw new Error('audit.event_seq gave too few numbers');
  let seq = head === null ? 0 : head.seq;
  let prevHash = head === null ? GENESIS : head.hash;
  const copy = c.query(copyFrom(COPY_SQL));
  const done = finished(copy);
  done.catch(() => undefined); // awaited below; a failed COPY also ends the writes
  let failed = false;
  copy.once('error', () => { failed = true; });
  for (let from = 0; from < count && !failed; from += COPY_PIECE) {
    const to = Math.min(from + COPY_PIECE, count);
    let text = '';
    for (let i = from; i < to; i++) {
      const r = rowAt(i);
      seq += 1;
      const hash = hashPrepared(r.canon, seq, prevHash);
      text += `${seqs[i] ?? ''}\t${chain}\t${seq}\t${r.columns}\t${prevHash}\t${hash}\n`;
      if (keep !== null) {
        const input = keep.inputs[i] as AuditEventInput;
        keep.out.push(Object.assign({}, input, { seq, prevHash, hash }));
      }
      prevHash = hash;
    }
    if (!copy.write(text)) await Promise.race([once(copy, 'drain'), done]);
  }
  if (!failed) copy.end();
  await done;
  if (seq === 0) return head;
  await c.query('UPDATE audit.chain_heads SET seq = $1, hash = $2 WHERE chain = $3', [seq, prevHash, chain]);
  const last = { seq, hash: prevHash };
  lastAppendedHead.set(chain, last);
  return last;
}

/** The COPY path: the lock and numbers asked for, each event prepared just before it is written. */
async function copyAppend(c: pg.ClientBase, valid: readonly AuditEventInput[], after: Promise<unknown> | undefined, keep: ChainedAuditEvent[] | null): Promise<ChainHead | null> {
  const chain = chainOf(c);
  await after;
  const rowAt = (i: number): BulkRow => {
    const input = valid[i] as AuditEventInput;
    return bulkRow(input, prepareAuditEvent(input));
  };
  return appendByCopy(c, chain, valid.length, rowAt, c.query(lockHeadAndSeqsSql(chain, valid.length)), keep === null ? null : { out: keep, inputs: valid });
}

/**
 * A workstation's ingest batch: appendAuditEvents through COPY whatever the count, for a caller
 * that does not read the chained events back (none are built: on a batch of thousands they were
 * a large part of the garbage). Returns the chain's new head. Same rules as appendAuditEvents.
 */
export async function appendAuditEventsInBulk(c: pg.ClientBase, inputs: readonly AuditEventInput[], opts: { alreadyValidated?: boolean } = {}): Promise<ChainHead | null> {
  if (inputs.length === 0) return null;
  const valid = opts.alreadyValidated === true ? inputs : inputs.map(validEvent);
  return copyAppend(c, valid, undefined, null);
}

/**
 * appendAuditEventsInBulk for rows the caller makes itself (bulkRow), from events it has validated
 * (ingest: the core schema at the API boundary, then its own detail keys): `rowAt(i)` for i from
 * 0 to count - 1, asked for in order, each just before it is written.
 */
export async function appendRowsInBulk(c: pg.ClientBase, count: number, rowAt: (i: number) => BulkRow): Promise<ChainHead | null> {
  if (count === 0) return null;
  const chain = chainOf(c);
  return appendByCopy(c, chain, count, rowAt, c.query(lockHeadAndSeqsSql(chain, count)), null);
}

/**
 * Appends events to the connection's chain (chainOf). Must run inside a transaction (the head's
 * row lock is released at commit). Events are validated against the core schema first: the log
 * never holds a malformed row. The chain is always built on the head read under the lock.
 * Hashing overlaps the database: each event's canonical text is prepared up to its chain
 * position while the lock round trip is in flight (audit-hash.ts); large appends then stream
 * through COPY, hashing each piece just before it is written; smaller ones are INSERTed in chunks,
 * each later chunk hashed while the previous chunk's INSERT runs (Postgres and Node on different
 * cores). The returned events carry their chain position as `seq` (the value their hash covers).
 */
export async function appendAuditEvents(
  c: pg.ClientBase,
  inputs: readonly AuditEventInput[],
  opts: {
    /** The events were parsed with the core schema at the API boundary already (ingest). */
    alreadyValidated?: boolean;
    /**
     * A statement of the same transaction still running on `c` (e.g. the resource writes): the
     * events are validated and hashed meanwhile, and the head lock is requested only after it.
     */
    after?: Promise<unknown>;
  } = {},
): Promise<ChainedAuditEvent[]> {
  if (inputs.length === 0) {
    await opts.after;
    return [];
  }
  const chain = chainOf(c);
  const valid = opts.alreadyValidated === true ? inputs : inputs.map(validEvent);
  if (valid.length >= COPY_MIN_EVENTS) {
    const out: ChainedAuditEvent[] = [];
    await copyAppend(c, valid, opts.after, out);
    return out;
  }
  const ready: Ready[] = valid.map((input) => ({ input, canon: prepareAuditEvent(input) }));
  const chunkEnd = (from: number) => (ready.length <= CHUNK + CHUNK / 2 ? ready.length : Math.min(from + CHUNK, ready.length));
  // Sent now when the connection is idle; hashed while Postgres works.
  let pending = opts.after === undefined ? c.query(lockHeadSql(chain)) : null;
  pending?.catch(() => undefined); // awaited just below
  const guess = lastAppendedHead.get(chain) ?? null;
  let pre: ChainedAuditEvent[] | null = null;
  if (guessHolds && lastAppendedHead.has(chain)) {
    pre = [];
    chainReady(ready, 0, chunkEnd(0), guess, pre);
  }
  if (pending === null) {
    await opts.after;
    pending = c.query(lockHeadSql(chain));
  }
  const head = headOf(await pending);
  guessHolds = sameHead(head, guess);
  const out: ChainedAuditEvent[] = [];
  let part: ChainedAuditEvent[];
  if (pre !== null && guessHolds) part = pre;
  else {
    part = [];
    chainReady(ready, 0, chunkEnd(0), head, part);
  }
  for (;;) {
    out.push(...part);
    const tail = part[part.length - 1];
    const isLast = out.length >= ready.length;
    const insert = isLast && tail !== undefined
      ? c.query(insertSql(true), [JSON.stringify(rowsOf(chain, part)), tail.seq, tail.hash, chain])
      : c.query(insertSql(false), [JSON.stringify(rowsOf(chain, part))]);
    insert.catch(() => undefined); // awaited below, after the next chunk is hashed
    let next: ChainedAuditEvent[] | null = null;
    if (!isLast && tail !== undefined) {
      next = [];
      chainReady(ready, out.length, chunkEnd(out.length), { seq: tail.seq, hash: tail.hash }, next);
    }
    await insert;
    if (next === null) break;
    part = next;
  }
  const last = out[out.length - 1];
  lastAppendedHead.set(chain, last === undefined ? head : { seq: last.seq, hash: last.hash });
  return out;
}

export const AUDIT_ROW_COLUMNS = `seq, event_id, device_id, user_id, action, patient_id, resource_type, resource_id,
  outcome, reason, detail, recorded_at, prev_hash, hash`;

/** The columns a chain check reads: the row's columns with its chain and its position in it. */
export const AUDIT_CHAIN_COLUMNS = `${AUDIT_ROW_COLUMNS}, chain, chain_seq`;

/** A row of audit.events as the chained event it stores (zod-checked where it enters typed code). */
export const AuditRowSchema = z
  .object({
    seq: z.coerce.number().int(),
    event_id: z.string(),
    device_id: z.string(),
    user_id: z.string(),
    action: z.string(),
    patient_id: z.string().nullable(),
    resource_type: z.string().nullable(),
    resource_id: z.string().nullable(),
    outcome: z.string(),
    reason: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()),
    recorded_at: z.string(),
    prev_hash: z.string(),
    hash: z.string(),
    chain_seq: z.coerce.number().int().optional(),
  })
  .transform((r) => ({
    seq: r.chain_seq ?? r.seq, eventId: r.event_id, deviceId: r.device_id, userId: r.user_id, action: r.action,
    patientId: r.patient_id, resourceType: r.resource_type, resourceId: r.resource_id, outcome: r.outcome,
    reason: r.reason, detail: r.detail, recordedAt: r.recorded_at, prevHash: r.prev_hash, hash: r.hash,
  }));

/**
 * Reads rows back as ChainedAuditEvents. Read with AUDIT_CHAIN_COLUMNS, `seq` is the chain position
 * (what the hash covers, so the event verifies); with AUDIT_ROW_COLUMNS it is the global row number. A row that no longer fits the schema (tampered beyond
 * recognition) is returned as-is via the loose shape so the verifier reports it as a hash mismatch.
 */
export function rowToChained(row: unknown): ChainedAuditEvent {
  const loose = AuditRowSchema.parse(row);
  const strict = ChainedAuditEventSchema.safeParse(loose);
  return strict.success ? strict.data : (loose as unknown as ChainedAuditEvent);
}
