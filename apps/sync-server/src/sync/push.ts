/**
 * sync.push (ARCHITECTURE.md, Sync protocol). Per mutation: deduplicate by mutationId (a retry
 * gets the first result), authorize with core's decideAccess, validate the FHIR resource, then
 * optimistic concurrency on baseVersion: equal applies; otherwise core's threeWayMerge against
 * the stored base version, and a conflict keeps the server's state, is recorded, and goes back to
 * the client. A clinical write is never silently lost or overwritten.
 *
 * A batch is decided mutation by mutation, in order (a later edit of the same resource builds on
 * the earlier one), inside ONE transaction, and persisted in a few set-based statements. Every
 * refusal (forbidden, invalid, unknown version) is decided before anything is written, so it
 * writes nothing but its audit event; one commit (one WAL flush) per batch instead of one per
 * mutation is what makes thousands of mutations per second possible. Results are returned only
 * after the commit, so an acknowledged write is durable. If the transaction fails unexpectedly
 * nothing of the batch is stored and the client retries it (mutations are idempotent).
 *
 * A workstation may send its next batch before the answer to the one before, naming that one as
 * `after`: what needs no database is checked at once (precheckResources), then the batch waits for
 * the device's push head (push-head.ts) and is decided only right after that batch, or refused whole.
 */
import { randomUUID } from 'node:crypto';
import {
  canonicalJson, decideAccess, isLanternError, LanternError, PUSH_AFTER_ISSUE, isSignedNote, PushResultSchema, threeWayMerge, validateResourceNamed, asConflictId,
  type AuditEventInput, type ErrorCode, type Mutation, type PushAfter, type PushResult, type ResourceJson, type Role,
} from '@lantern/core';
import type pg from 'pg';
import { z } from 'zod';
import type { Clock } from '../config.ts';
import { appendAuditEvents, serverEvent, type Actor } from '../db/audit-log.ts';
import { withTx } from '../db/database.ts';
import { AUDIT_ACTION, persistBatch, prepareWrite, StoredResourceSchema, writeAuditEvent, type ExtraInsert, type PreparedWrite, type SeqRuns, type StoredResource } from '../db/resources.ts';
import { relationOf, type UserScope } from '../db/scope.ts';
import { mutationWriteDenial } from './authorize-mutation.ts';
import { chainKey, editedBase, History, recordKey, type EditedBase, type SentEdit } from './edited-base.ts';
import { redirectMergedPatients } from './merged-patients.ts';
import { PushMedicationGate } from '../medication-gate/push-gate.ts';
import { requireValidNoteSignature } from '../note-signatures/push-check.ts';
import { syncMetrics } from '../ops/metrics.ts';
import { awaitPushHead, lockPushHead, RETRIED, setPushHead } from './push-head.ts';

/** Larger resources are refused: a note with embedded attachments belongs in a Binary store. */
export const MAX_RESOURCE_BYTES = 512 * 1024;

type PushActor = Actor & { role: Role };

/** An expected refusal of one mutation: nothing written, audited, returned as `rejected`. */
class Rejection extends Error {
  constructor(readonly code: ErrorCode, override readonly message: string, readonly denied = false) {
    super(message);
  }
}

const withoutMeta = (r: ResourceJson | null): string | null => {
  if (r === null) return null;
  const { meta: _meta, ...rest } = r;
  return canonicalJson(rest);
};
const key = recordKey;

/** The patient a resource points at, for the resource types that name one. */
function referencedPatient(resource: ResourceJson): string | null {
  for (const k of ['subject', 'patient']) {
    const ref = (resource[k] as { reference?: unknown } | undefined)?.reference;
    if (typeof ref === 'string' && ref.startsWith('Patient/')) return ref.slice('Patient/'.length);
  }
  return null;
}

/** What checkResource decided per mutation object, when precheckResources ran it before the batch waits. */
const prechecked = new WeakMap<Mutation, ResourceJson | null | Rejection>();

/**
 * The checks of each mutation's resource that need no database (size, FHIR validity, its patient),
 * run as soon as the request is parsed: a batch sent behind another does this while the one before
 * is in Postgres. A mutation re-pointed later (merged patients) is a new object and is checked again.
 */
export function precheckResources(mutations: readonly Mutation[]): void {
  for (const m of mutations) {
    try {
      prechecked.set(m, checkResourceNow(m));
    } catch (e) {
      if (!(e instanceof Rejection)) throw e;
      prechecked.set(m, e);
    }
  }
}

function checkResource(m: Mutation): ResourceJson | null {
  const known = prechecked.get(m);
  if (known instanceof Rejection) throw known;
  if (known !== undefined) return known;
  return checkResourceNow(m);
}

function checkResourceNow(m: Mutation): ResourceJson | null {
  if (m.resource === null) return null;
  if (JSON.stringify(m.resource).length > MAX_RESOURCE_BYTES) throw new Rejection('BAD_INPUT', `${m.resourceType} is larger than ${MAX_RESOURCE_BYTES} bytes`);
  const v = validateResourceNamed(m.resource, m.resourceType);
  if (!v.ok) throw new Rejection('BAD_INPUT', v.error.message);
  if (m.resourceType === 'Patient' && (m.resourceId as string) !== m.patientId) throw new Rejection('BAD_INPUT', 'Patient.id: must equal the mutation patientId');
  const ref = referencedPatient(m.resource);
  if (ref !== null && ref !== m.patientId) throw new Rejection('BAD_INPUT', `${m.resourceType}.subject: must reference the mutation's patient`);
  return m.resource;
}

export interface PushDeps {
  pool: pg.Pool;
  clock: Clock;
}

interface ConflictRow {
  id: string; patient_id: string; resource_type: string; resource_id: string; mutation_id: string; user_id: string; device_id: string;
  base_version: number | null; server_version: number; fields: string[]; client_resource: ResourceJson | null; server_resource: ResourceJson | null; created_at: string;
}

/** Everything one batch decides before it writes. */
class Batch {
  readonly writes: PreparedWrite[] = [];
  readonly conflicts: ConflictRow[] = [];
  readonly events: AuditEventInput[] = [];
  /** Current state per resource, updated as the batch's own writes are decided. */
  readonly current = new Map<string, StoredResource | null>();
  /** Versions this batch wrote, for a later mutation of the batch that is based on one of them. */
  readonly written = new Map<string, ResourceJson | null>();
  /** What this batch's latest merged write of each record on each named base sent (see editedBase). */
  readonly sent = new Map<string, SentEdit>();
  /** The same per mutation, for its mutation_log row. */
  readonly sentBy = new Map<string, { base: number; resource: ResourceJson }>();
  /** The medication gate (medication-gate/push-gate.ts), set once the batch's patients are loaded. */
  gate: PushMedicationGate | null = null;
  constructor(readonly actor: PushActor, readonly now: Date) {}

  audit(m: Mutation, action: AuditEventInput['action'], outcome: 'denied' | 'failure', detail: Record<string, string>): void {
    this.events.push(serverEvent(this.actor, {
      action, outcome, patientId: m.patientId, resourceType: m.resourceType, resourceId: m.resourceId, purposeOfUse: 'TREAT',
      detail: { mutationId: m.mutationId, op: m.op, ...detail },
    }, this.now));
  }

  write(m: Mutation, op: Mutation['op'], resource: ResourceJson | null): PreparedWrite {
    const cur = this.current.get(key(m.resourceType, m.resourceId)) ?? null;
    // A change to what the patient receives is re-checked by the CDS engine before it is written.
    const gated = this.gate?.check(m, cur === null || cur.deleted ? null : cur.resource, resource);
    if (gated !== undefined && !gated.ok) throw new Rejection(gated.error.code, gated.error.message);
    const p = prepareWrite({ op, resourceType: m.resourceType, id: m.resourceId, patientId: m.patientId, resource, current: cur, mutationId: m.mutationId }, this.now);
    this.writes.push(p);
    this.events.push(writeAuditEvent(p, { actor: this.actor, now: this.now, audit: { purposeOfUse: 'TREAT', detail: { mutationId: m.mutationId } } }));
    if (gated !== undefined) this.events.push(...gated.value);
    this.gate?.noteWrite(m, p.stored);
    this.current.set(key(m.resourceType, m.resourceId), {
      patientId: m.patientId, resourceType: m.resourceType, id: m.resourceId, version: p.version, deleted: p.stored === null,
      resource: p.stored, seq: '0', lastUpdated: p.lastUpdated,
    });
    this.written.set(`${key(m.resourceType, m.resourceId)}@${p.version}`, p.stored);
    return p;
  }

  /** Keeps what a merged write sent: the device's next edit on the same base was made on it. */
  keepSent(m: Mutation, version: number, sent: ResourceJson | null): void {
    if (m.baseVersion === null || sent === null) return;
    this.sent.set(chainKey(m), { version, resource: sent });
    this.sentBy.set(m.mutationId, { base: Number(m.baseVersion), resource: sent });
  }

  conflict(m: Mutation, cur: StoredResource, fields: string[]): PushResult {
    const conflictId = asConflictId(randomUUID());
    const serverResource = cur.deleted ? null : cur.resource;
    this.conflicts.push({
      id: conflictId, patient_id: m.patientId, resource_type: m.resourceType, resource_id: m.resourceId, mutation_id: m.mutationId,
      user_id: this.actor.userId, device_id: this.actor.deviceId, base_version: m.baseVersion === null ? null : Number(m.baseVersion),
      server_version: cur.version, fields, client_resource: m.resource, server_resource: serverResource, created_at: this.now.toISOString(),
    });
    this.audit(m, AUDIT_ACTION[m.op], 'failure', { conflictId, fields: fields.join(',').slice(0, 500) });
    return { mutationId: m.mutationId, status: 'conflict', conflictId, serverResource, fields };
  }
}

/** Decides one authorized, validated mutation against the batch's view of the server state. */
function decide(b: Batch, m: Mutation, mine: ResourceJson | null, edited: EditedBase): PushResult {
  const applied = (p: PreparedWrite): PushResult => ({ mutationId: m.mutationId, status: 'applied', version: String(p.version) });
  const cur = b.current.get(key(m.resourceType, m.resourceId)) ?? null;
  if (cur !== null && cur.patientId !== m.patientId) throw new Rejection('BAD_INPUT', `${m.resourceType} ${m.resourceId} belongs to another patient`);
  const theirs = cur === null || cur.deleted ? null : cur.resource;

  if (m.op === 'create' && theirs === null) return applied(b.write(m, cur === null ? 'create' : 'update', mine));
  if (cur === null) throw new Rejection('NOT_FOUND', `${m.resourceType} ${m.resourceId} does not exist on the server`);

  // Signed notes change only by amendment (status 'amended') or retraction ('entered-in-error').
  const newStatus = String(mine?.['docStatus'] ?? mine?.['status']);
  if (isSignedNote(m.resourceType, theirs) && (m.op === 'delete' || !['amended', 'entered-in-error'].includes(newStatus))) {
    return b.conflict(m, cur, ['status']);
  }
  if (m.op !== 'create' && edited.version === cur.version) {
    const p = b.write(m, m.op === 'delete' ? 'delete' : cur.deleted ? 'create' : 'update', mine);
    // Built on this device's own later versions (see EditedBase): the client learns the version it now has.
    return String(edited.version) === m.baseVersion || p.stored === null ? applied(p) : { mutationId: m.mutationId, status: 'merged', version: String(p.version), resource: p.stored };
  }
  if (m.baseVersion !== null && edited.resource === undefined) {
    throw new Rejection('VERSION_MISMATCH', `baseVersion ${m.baseVersion} of ${m.resourceType} ${m.resourceId} is unknown to the server`);
  }
  const base = edited.resource ?? null;
  const merged = threeWayMerge({ resourceType: m.resourceType, base, mine, theirs });
  switch (merged.kind) {
    case 'conflict':
      return b.conflict(m, cur, merged.fields);
    case 'clean': {
      if (withoutMeta(merged.resource) === withoutMeta(theirs)) {
        // Nothing to add to what the server holds (the same edit arrived by another path).
        return theirs === null
          ? { mutationId: m.mutationId, status: 'applied', version: String(cur.version) }
          : { mutationId: m.mutationId, status: 'merged', version: String(cur.version), resource: theirs };
      }
      if (merged.resource !== null) {
        const v = validateResourceNamed(merged.resource, m.resourceType);
        if (!v.ok) return b.conflict(m, cur, v.error.issues.map((i) => i.path));
      }
      const p = b.write(m, merged.resource === null ? 'delete' : theirs === null ? 'create' : 'update', merged.resource);
      if (p.stored === null) return applied(p);
      b.keepSent(m, p.version, mine);
      return { mutationId: m.mutationId, status: 'merged', version: String(p.version), resource: p.stored };
    }
  }
}

const PriorRow = z.object({ mutation_id: z.string(), user_id: z.string(), result: z.unknown() });

/**
 * Stored results of earlier attempts, read before the transaction (and, when the caller passes the
 * scope as a promise, at the same time as the scope). Reading it outside the transaction changes
 * nothing under READ COMMITTED: a first attempt committing after this read makes the final
 * mutation_log insert fail on its primary key either way, and the one-by-one retry finds it.
 */
async function priorResults(pool: pg.Pool, mutations: readonly Mutation[]): Promise<Map<string, z.output<typeof PriorRow>>> {
  if (mutations.length === 0) return new Map();
  const ids = [...new Set(mutations.map((m) => m.mutationId as string))];
  const r = await pool.query('SELECT mutation_id, user_id, result FROM mutation_log WHERE mutation_id = ANY($1::uuid[])', [ids]);
  return new Map(z.array(PriorRow).parse(r.rows).map((p) => [p.mutation_id, p]));
}

const CONFLICTS_INSERT = (param: string) => `INSERT INTO conflicts (id, patient_id, resource_type, resource_id, mutation_id, user_id, device_id, base_version, server_version,
    fields, client_resource, server_resource, created_at)
  SELECT * FROM jsonb_to_recordset(${param}::jsonb) AS x(id uuid, patient_id uuid, resource_type text, resource_id text, mutation_id uuid,
    user_id uuid, device_id text, base_version int, server_version int, fields text[], client_resource jsonb, server_resource jsonb, created_at timestamptz)`;
const MUTATION_LOG_INSERT = (param: string) => `INSERT INTO mutation_log (mutation_id, user_id, device_id, patient_id, status, result, created_at, base_version, sent)
  SELECT * FROM jsonb_to_recordset(${param}::jsonb) AS x(mutation_id uuid, user_id uuid, device_id text, patient_id uuid, status text, result jsonb,
    created_at timestamptz, base_version int, sent jsonb)`;

/**
 * How a batch stands to the device's push head (push-head.ts). `after`: the batch it was sent behind;
 * `dirty`: an earlier part of the same request was answered with a retry (the one-by-one fallback).
 */
export interface PushOrder {
  after?: PushAfter | undefined;
  dirty?: boolean;
}

export async function pushBatch(
  deps: PushDeps, actor: PushActor, scopeOrPending: UserScope | Promise<UserScope>, received: readonly Mutation[], order: PushOrder = {},
): Promise<PushResult[]> {
  const now = deps.clock.now();
  const after = received.length === 0 ? undefined : order.after;
  // Writes queued against a record HIM has since merged land on the surviving record.
  const mutations = await redirectMergedPatients(deps.pool, received);
  const priorPending = priorResults(deps.pool, mutations);
  priorPending.catch(() => undefined); // awaited below
  // Patients' CDS contexts for the medication gate (none read when no medication changes). A batch
  // sent behind another waits for that one first (push-head.ts) and reads them only once it committed
  // (it may change the same medications); not inside the transaction, where the gate's read must not wait.
  const gatePending = after !== undefined
    ? awaitPushHead(deps.pool, actor.deviceId, after).then(() => PushMedicationGate.prepare(deps.pool, mutations, actor, now))
    : PushMedicationGate.prepare(deps.pool, mutations, actor, now);
  gatePending.catch(() => undefined); // awaited before the transaction
  const scope = await scopeOrPending;
  const b = new Batch(actor, now);
  const results = new Map<number, PushResult>();
  const reject = (i: number, m: Mutation, r: Rejection) => {
    results.set(i, { mutationId: m.mutationId, status: 'rejected', code: r.code, message: r.message });
    b.audit(m, r.denied ? 'access-denied' : AUDIT_ACTION[m.op], r.denied ? 'denied' : 'failure', { code: r.code });
  };
  // Refusals that need no database: wrong user/device, policy, invalid FHIR.
  const checked = new Map<number, ResourceJson | null>();
  const firstIndexOf = new Map<string, number>();
  let scopeDenied = false;
  mutations.forEach((m, i) => {
    try {
      if (m.userId !== actor.userId || m.deviceId !== actor.deviceId) throw new Rejection('FORBIDDEN', 'The mutation was recorded by another user or device than the signed-in one', true);
      if (firstIndexOf.has(m.mutationId)) return; // a duplicate within the batch gets the first one's result
      firstIndexOf.set(m.mutationId, i);
      const { relation, breakGlass } = relationOf(scope, m.patientId);
      const d = decideAccess({ role: actor.role, resourceType: m.resourceType, action: m.op, relation, breakGlass });
      if (!d.allowed) {
        scopeDenied = true;
        throw new Rejection('FORBIDDEN', d.reason, true);
      }
      checked.set(i, checkResource(m));
    } catch (e) {
      if (!(e instanceof Rejection)) throw e;
      reject(i, m, e);
    }
  });

  // The scope was read while the batch before may still have been joining its new patients' care
  // teams: a batch sent behind another is not refused access on it, it is sent again alone.
  if (after !== undefined && scopeDenied) {
    await Promise.allSettled([priorPending, gatePending]);
    throw new LanternError('VERSION_MISMATCH', 'A change of this push was refused access on a scope read before the batch before it was stored: nothing was stored; send it again once that batch is answered', {
      issues: [{ path: PUSH_AFTER_ISSUE, message: 'scope' }],
    });
  }
  const prior = await priorPending;
  // Before the transaction: the gate's read waits for writers in flight (the change feed's safe
  // point), so it must not wait while this batch holds row locks another writer may need.
  const gate = await gatePending;
  gate.beforeWrites(mutations);
  const answers = (): PushResult[] => mutations.map((m, i) => {
    const own = results.get(i);
    if (own !== undefined) return own;
    const first = results.get(firstIndexOf.get(m.mutationId) ?? -1);
    return first ?? { mutationId: m.mutationId, status: 'rejected', code: 'INTERNAL', message: 'The server could not decide this mutation; retry it' };
  });
  /** The change seqs the batch's write drew (none when it wrote no resource). */
  let drawn: SeqRuns = [];
  await withTx(deps.pool, async (c) => {
    // First: a push of this device decided in another transaction is waited for here, and one this
    // batch was sent behind must be the last decided (push-head.ts).
    if (mutations.length > 0) await lockPushHead(c, actor.deviceId, after);
    const candidates = [...checked.keys()].map((i) => ({ i, m: mutations[i] as Mutation }));
    // Deduplicate: a mutationId seen before returns its stored result.
    const fresh = new Set<string>(candidates.map((x) => x.m.mutationId));
    for (const { i, m } of candidates) {
      const p = prior.get(m.mutationId);
      if (p === undefined) continue;
      fresh.delete(m.mutationId);
      const parsed = p.user_id === actor.userId ? PushResultSchema.safeParse(p.result) : null;
      if (parsed?.success === true) results.set(i, parsed.data);
      else reject(i, m, new Rejection('CONFLICT', 'mutationId was already used by another mutation'));
    }
    const todo = candidates.filter((x) => fresh.has(x.m.mutationId));
    let persisted: Promise<SeqRuns> = Promise.resolve([]);
    if (todo.length > 0) {
      // Lock the current rows (in a fixed order, so concurrent batches cannot deadlock), then load
      // the base versions the stale mutations were made on.
      const types = todo.map((x) => x.m.resourceType);
      const ids = todo.map((x) => x.m.resourceId as string);
      const cur = await c.query(
        `SELECT patient_id, resource_type, id, version, deleted, resource, seq, last_updated FROM resources
         WHERE (resource_type, id) IN (SELECT * FROM unnest($1::text[], $2::text[])) ORDER BY resource_type, id FOR UPDATE`,
        [types, ids],
      );
      for (const row of cur.rows) {
        const r = StoredResourceSchema.parse(row);
        b.current.set(key(r.resourceType, r.id), r);
      }
      b.gate = gate;
      // A later edit of a record edited earlier in this batch is stale once the earlier one is written,
      // even when both were made offline on the same base: its base must be loaded too.
      const earlier = new Set<string>();
      const stale = todo.filter((x) => {
        const k = key(x.m.resourceType, x.m.resourceId);
        const repeated = earlier.has(k);
        earlier.add(k);
        return x.m.baseVersion !== null && (repeated || String(b.current.get(k)?.version) !== x.m.baseVersion);
      });
      const history = await History.load(c, actor, stale.map((x) => x.m));
      // A record whose earlier mutation the device will send again: its later ones wait too, so
      // the server never stores a device's edits of one record out of their queue order.
      const held = new Set<string>();
      for (const { i, m } of todo) {
        const k = key(m.resourceType, m.resourceId);
        try {
          if (held.has(k)) throw new Rejection('UNAVAILABLE', `An earlier change to ${m.resourceType} ${m.resourceId} in this push was not stored yet; retry`);
          const edited = editedBase(b, history, m);
          const denied = mutationWriteDenial({ actor, scope, mutation: m, mine: checked.get(i) ?? null, current: b.current.get(k) ?? null, editedVersion: edited.version, base: edited.resource });
          if (denied !== null) throw new Rejection('FORBIDDEN', denied, true);
          await requireValidNoteSignature(c, actor.userId, m, checked.get(i) ?? null, (x) => b.current.get(x));
          results.set(i, decide(b, m, checked.get(i) ?? null, edited));
        } catch (e) {
          if (e instanceof Rejection) reject(i, m, e);
          else if (isLanternError(e) && e.code === 'BAD_INPUT') reject(i, m, new Rejection('BAD_INPUT', e.message));
          else throw e;
          const r = results.get(i);
          if (r?.status === 'rejected' && RETRIED.has(r.code)) held.add(k);
        }
      }
      // Stored results make retries idempotent; refusals are not stored, so a retry is decided afresh.
      const stored = todo.flatMap(({ i, m }) => {
        const r = results.get(i);
        if (r === undefined || r.status === 'rejected') return [];
        const sent = b.sentBy.get(m.mutationId);
        return [{
          mutation_id: m.mutationId, user_id: actor.userId, device_id: actor.deviceId, patient_id: m.patientId, status: r.status, result: r, created_at: now.toISOString(),
          base_version: sent?.base ?? null, sent: sent?.resource ?? null,
        }];
      });
      // History, current rows, conflicts and the mutation log: one statement.
      const extra: ExtraInsert[] = [];
      if (b.conflicts.length > 0) extra.push({ sql: CONFLICTS_INSERT, value: b.conflicts });
      if (stored.length > 0) extra.push({ sql: MUTATION_LOG_INSERT, value: stored });
      // Sent now and awaited below: the audit events are validated and hashed while Postgres writes.
      persisted = persistBatch(c, b.writes, actor, extra);
      persisted.catch(() => undefined);
    }
    // Last: the audit chain lock is held only from here to the commit. It is requested only after
    // the writes have finished (lock order kept); the events are validated and hashed meanwhile.
    const appended = appendAuditEvents(c, b.events, { after: persisted });
    appended.catch(() => undefined); // awaited just below
    const headSet = mutations.length > 0 ? setPushHead(c, actor.deviceId, answers(), order.dirty === true) : Promise.resolve();
    headSet.catch(() => undefined); // awaited just below
    drawn = await persisted;
    await appended;
    await headSet;
  });
  // Committed: the gate's cached records take the batch's writes without reading them back.
  gate.committed(b.writes, drawn);

  syncMetrics.pushed(mutations.length, [...results.values()].filter((r) => r.status === 'conflict').length);
  return answers();
}
