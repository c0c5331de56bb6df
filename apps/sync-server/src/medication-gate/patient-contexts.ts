/**
 * The patients' CDS contexts as the server's own store holds them, for the medication gate: the
 * same rows the CDS Hooks service reads for prefetch (store-prefetch.ts), for every patient a
 * write needs at once, in one set-based query. Within a push batch the contexts follow the
 * batch's own earlier writes (a batch that adds clarithromycin and then simvastatin for one
 * patient is checked as the patient will be, not as the patient was).
 *
 * The rows were validated when they were written, so they go to `buildPatientContext` as they are.
 */
import type { LanternResource, Patient } from '@lantern/core';
import { buildPatientContext, prepareChart, reprepareChart, type PatientContext, type PreparedChart } from '@lantern/core/cds';
import { fetchStoreResources } from '../cds-hooks/store-prefetch.ts';
import type pg from 'pg';
import type { Queryable } from '../db/database.ts';
import { chartFor, withLaggingOrder, type BuiltChart } from './carried-context.ts';
import { builtAt, cachedChart, patientContextCacheOf, type CachedRecord, type PatientContextCache } from './patient-context-cache.ts';
import { RecordRows } from './record-rows.ts';

/** What the engine reads: ServiceRequests only matter to lab/imaging drafts, never to a medication order. */
export const CONTEXT_TYPES = ['Patient', 'MedicationRequest', 'AllergyIntolerance', 'Condition', 'Observation'] as const;
export const CONTEXT_TYPE_SET: ReadonlySet<string> = new Set<string>(CONTEXT_TYPES);

type Json = Record<string, unknown>;

/** Stored rows were validated as FHIR resources when they were written (sync/write.ts, fhir/write.ts). */
const isStoredResource = (r: Json): r is Json & LanternResource => typeof r['resourceType'] === 'string';
const isStoredPatient = (r: Json | null): r is Json & Patient => r !== null && r['resourceType'] === 'Patient';

class PatientRecord {
  /** `Type/id` -> resource, shared with the cache; the batch's writes make new sets, never change it. */
  private resources: RecordRows;
  /** The batch's writes not in `resources` yet: applied only when a chart must be built from the rows. */
  private unapplied: [string, Json | null][] = [];
  private patient: Json | null;
  /** The cached record this one started from, while the batch has written nothing of this patient's. */
  private cached: CachedRecord | null;
  /**
   * The prepared chart of the rows as they stand, the batch's order writes waiting in its lag
   * (carried-context.ts), kept until the batch writes something of this patient's other than a
   * medication order: a batch with many orders for one patient prepares the chart once, not per order.
   */
  private built: BuiltChart | null = null;
  /** The last chart, once it no longer matches the rows: what did not change stays resolved (reprepareChart). */
  private previous: PreparedChart | null = null;
  constructor(readonly patientId: string, from: CachedRecord | null, resources: RecordRows = from?.resources ?? RecordRows.EMPTY) {
    this.cached = from;
    this.resources = resources;
    this.patient = from?.patient ?? null;
  }

  put(type: string, id: string, resource: Json | null): void {
    if (this.cached !== null) {
      // The cached record's chart is of exactly the rows this batch started from.
      this.built ??= this.cached.built;
      this.cached = null;
    }
    if (type !== 'Patient') this.unapplied.push([`${type}/${id}`, resource]);
    else if (id === this.patientId) this.patient = resource;
    if (this.built !== null && type === 'MedicationRequest') {
      this.built = withLaggingOrder(this.built, id, resource);
      return;
    }
    this.previous = this.built?.chart ?? this.previous;
    this.built = null;
  }

  /** The chart as of `now` for a check of order `draftId` (see carried-context.ts chartFor). */
  chart(now: string, draftId: string | undefined): PreparedChart {
    if (this.cached !== null) {
      const chart = cachedChart(this.cached, now, () => this.context(now), draftId);
      this.built = this.cached.built;
      return chart;
    }
    let built = this.built;
    if (built !== null) built = builtAt(chartFor(built, draftId), this.patient, now);
    else {
      const previous = this.previous;
      built = { now, chart: previous === null ? prepareChart(this.context(now)) : reprepareChart(previous, this.context(now)) };
    }
    this.built = built;
    return built.chart;
  }

  private context(now: string): PatientContext {
    if (this.unapplied.length > 0) {
      this.resources = this.resources.with(this.unapplied);
      this.unapplied = [];
    }
    // A patient whose record is not on the server yet (registered offline, pushed later) is
    // checked without age and sex: adult limits still apply.
    const patient: Patient = isStoredPatient(this.patient) ? this.patient : { resourceType: 'Patient', id: this.patientId };
    const resources: LanternResource[] = [];
    for (const r of this.resources.values()) if (isStoredResource(r)) resources.push(r);
    return buildPatientContext(resources, patient, now);
  }
}

export class PatientContexts {
  private readonly records = new Map<string, PatientRecord>();

  /** Loads the records of these patients (one query; none when the list is empty). */
  static async load(q: Queryable, patientIds: Iterable<string>): Promise<PatientContexts> {
    const out = new PatientContexts();
    const ids = [...new Set(patientIds)];
    if (ids.length === 0) return out;
    const byPatient = new Map<string, { patient: Json | null; rows: Map<string, Json> }>(ids.map((id) => [id, { patient: null, rows: new Map() }]));
    for (const row of await fetchStoreResources(q, ids, CONTEXT_TYPES)) {
      const id = row.resource['id'];
      const p = byPatient.get(row.patientId);
      if (typeof id !== 'string' || p === undefined) continue;
      if (row.resourceType !== 'Patient') p.rows.set(`${row.resourceType}/${id}`, row.resource);
      else if (id === row.patientId) p.patient = row.resource;
    }
    for (const [id, p] of byPatient) {
      const record = new PatientRecord(id, null, RecordRows.of(p.rows));
      if (p.patient !== null) record.put('Patient', id, p.patient);
      out.records.set(id, record);
    }
    return out;
  }

  /**
   * The same records, from this server process's cache brought up to date from the change feed
   * (patient-context-cache.ts). Not inside a transaction that has written resources.
   */
  static async loadCached(pool: pg.Pool, patientIds: Iterable<string>, cache: PatientContextCache = patientContextCacheOf(pool)): Promise<PatientContexts> {
    const out = new PatientContexts();
    const records = await cache.records(pool, [...new Set(patientIds)], CONTEXT_TYPES);
    for (const [id, record] of records) out.records.set(id, new PatientRecord(id, record));
    return out;
  }

  has(patientId: string): boolean {
    return this.records.has(patientId);
  }

  /**
   * The prepared chart as of now for a check of order `draftId`, or null when this patient's
   * record was not loaded. Its own entry for that order may be an earlier version (the engine
   * reads the draft instead: carried-context.ts).
   */
  chartOf(patientId: string, now: string, draftId?: string): PreparedChart | null {
    return this.records.get(patientId)?.chart(now, draftId) ?? null;
  }

  /** Follows a write of the batch, so later checks in the same batch see it. */
  noteWrite(patientId: string, type: string, id: string, resource: Json | null): void {
    if (!CONTEXT_TYPE_SET.has(type)) return;
    this.records.get(patientId)?.put(type, id, resource);
  }
}
