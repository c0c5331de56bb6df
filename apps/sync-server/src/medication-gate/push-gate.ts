/**
 * The medication gate on sync.push. A batch with no active MedicationRequest in it costs nothing;
 * otherwise the records of every patient it may change a medication for come from this server's
 * record cache, brought up to date from the change feed in ONE set-based query
 * (patient-context-cache.ts: only what changed since the gate last read the patient; no query at
 * all for a record only this server's own pushes have changed since, the usual case), before the
 * batch's transaction starts (under READ COMMITTED it sees what a read inside the transaction
 * would: the batch has written nothing yet; and the batch holds no lock while the feed's safe
 * point waits for other writers). Each write is then checked against its patient's context as
 * the batch has left it so far, so an offline session's orders are checked in the order they
 * were made. Once the batch has committed, what it wrote is applied to the cached records in
 * place (committed), so the next batch does not read it back from the feed.
 */
import type { AuditEventInput, LanternError, Mutation, ResourceJson, Result } from '@lantern/core';
import { ok } from '@lantern/core';
import type { Actor } from '../db/audit-log.ts';
import type { PreparedWrite, SeqRuns } from '../db/resources.ts';
import type pg from 'pg';
import { patientContextCacheOf, type CachedRecord, type PatientContextCache } from './patient-context-cache.ts';
import { CONTEXT_TYPE_SET, PatientContexts } from './patient-contexts.ts';
import { checkMedicationWrite, overrideAuditEvents, type GateClock } from './server-gate.ts';

/** A write that may change what a patient receives: an active MedicationRequest (created, changed or re-activated). */
const mayChangeMedication = (m: Mutation): boolean => m.resourceType === 'MedicationRequest' && m.resource !== null && m.resource['status'] === 'active';

export class PushMedicationGate {
  /** The cached records of the batch's patients before it writes (see committed). */
  private before: ReadonlyMap<string, CachedRecord> = new Map();

  /** The batch's writer and clock, the same for every write it checks. */
  private readonly by: GateClock;

  private constructor(private readonly contexts: PatientContexts, private readonly cache: PatientContextCache, private readonly actor: Actor, private readonly now: Date) {
    this.by = { userId: actor.userId, now, nowIso: now.toISOString() };
  }

  /**
   * Loads the contexts the batch may need (no query when no mutation of the batch can change a
   * medication). A write that turns out to need a context that was not loaded is refused, never
   * written unchecked.
   */
  static async prepare(pool: pg.Pool, mutations: readonly Mutation[], actor: Actor, now: Date): Promise<PushMedicationGate> {
    const patients = new Set<string>();
    for (const m of mutations) if (mayChangeMedication(m)) patients.add(m.patientId);
    const cache = patientContextCacheOf(pool);
    return new PushMedicationGate(await PatientContexts.loadCached(pool, patients, cache), cache, actor, now);
  }

  /** Called right before the batch's transaction: which cached records its writes may be applied to. */
  beforeWrites(mutations: readonly Mutation[]): void {
    const patients = new Set<string>();
    for (const m of mutations) if (CONTEXT_TYPE_SET.has(m.resourceType)) patients.add(m.patientId);
    this.before = this.cache.snapshot(patients);
  }

  /**
   * Called once the batch's transaction has committed, with the change seqs its write drew: its
   * writes go into the cached records in place, and the seqs tell the next read that nobody else
   * wrote them (patient-context-cache.ts).
   */
  committed(writes: readonly PreparedWrite[], drawn: SeqRuns): void {
    this.cache.noteCommitted(this.before, writes.map((p) => ({
      patientId: p.req.patientId, resourceType: p.req.resourceType, id: p.req.id, version: p.version, resource: p.stored,
    })), CONTEXT_TYPE_SET, drawn);
  }

  /**
   * Checks one write the batch is about to make (before: the version it replaces, as the batch
   * sees it). Returns the `cds-override` audit events to write with it, or the refusal.
   */
  check(m: Mutation, before: ResourceJson | null, after: ResourceJson | null): Result<AuditEventInput[], LanternError> {
    const w = { patientId: m.patientId, resourceType: m.resourceType, resourceId: m.resourceId as string, before, after };
    const r = checkMedicationWrite(this.contexts, w, this.by);
    if (!r.ok) return r;
    return ok(overrideAuditEvents(this.actor, w, r.value, this.now, 'sync'));
  }

  /** Keeps the patient's context current after a write of the batch. */
  noteWrite(m: Mutation, stored: ResourceJson | null): void {
    this.contexts.noteWrite(m.patientId, m.resourceType, m.resourceId as string, stored);
  }
}
