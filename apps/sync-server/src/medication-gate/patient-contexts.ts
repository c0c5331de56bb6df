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
import { buildPatientContext, type PatientContext } from '@lantern/core/cds';
import { fetchStoreResources } from '../cds-hooks/store-prefetch.ts';
import type { Queryable } from '../db/database.ts';

/** What the engine reads: ServiceRequests only matter to lab/imaging drafts, never to a medication order. */
export const CONTEXT_TYPES = ['Patient', 'MedicationRequest', 'AllergyIntolerance', 'Condition', 'Observation'] as const;
const CONTEXT_TYPE_SET = new Set<string>(CONTEXT_TYPES);

type Json = Record<string, unknown>;

/** Stored rows were validated as FHIR resources when they were written (sync/write.ts, fhir/write.ts). */
const isStoredResource = (r: Json): r is Json & LanternResource => typeof r['resourceType'] === 'string';
const isStoredPatient = (r: Json | null): r is Json & Patient => r !== null && r['resourceType'] === 'Patient';

class PatientRecord {
  /** `Type/id` -> resource; a deletion removes the entry. */
  readonly resources = new Map<string, Json>();
  patient: Json | null = null;
  /**
   * The context built for the batch's clock, kept until the batch writes something of this
   * patient's: a batch with many orders for one patient builds it once per change, not per order.
   */
  private built: { now: string; context: PatientContext } | null = null;
  constructor(readonly patientId: string) {}

  put(type: string, id: string, resource: Json | null): void {
    this.built = null;
    if (type === 'Patient') {
      if (id === this.patientId) this.patient = resource;
      return;
    }
    if (resource === null) this.resources.delete(`${type}/${id}`);
    else this.resources.set(`${type}/${id}`, resource);
  }

  context(now: string): PatientContext {
    if (this.built !== null && this.built.now === now) return this.built.context;
    // A patient whose record is not on the server yet (registered offline, pushed later) is
    // checked without age and sex: adult limits still apply.
    const patient: Patient = isStoredPatient(this.patient) ? this.patient : { resourceType: 'Patient', id: this.patientId };
    const resources: LanternResource[] = [];
    for (const r of this.resources.values()) if (isStoredResource(r)) resources.push(r);
    const context = buildPatientContext(resources, patient, now);
    this.built = { now, context };
    return context;
  }
}

export class PatientContexts {
  private readonly records = new Map<string, PatientRecord>();

  /** Loads the records of these patients (one query; none when the list is empty). */
  static async load(q: Queryable, patientIds: Iterable<string>): Promise<PatientContexts> {
    const out = new PatientContexts();
    const ids = [...new Set(patientIds)];
    if (ids.length === 0) return out;
    for (const id of ids) out.records.set(id, new PatientRecord(id));
    const rows = await fetchStoreResources(q, ids, CONTEXT_TYPES);
    for (const row of rows) {
      const id = row.resource['id'];
      if (typeof id === 'string') out.records.get(row.patientId)?.put(row.resourceType, id, row.resource);
    }
    return out;
  }

  has(patientId: string): boolean {
    return this.records.has(patientId);
  }

  /** The context as of now, or null when this patient's record was not loaded. */
  contextOf(patientId: string, now: string): PatientContext | null {
    return this.records.get(patientId)?.context(now) ?? null;
  }

  /** Follows a write of the batch, so later checks in the same batch see it. */
  noteWrite(patientId: string, type: string, id: string, resource: Json | null): void {
    if (!CONTEXT_TYPE_SET.has(type)) return;
    this.records.get(patientId)?.put(type, id, resource);
  }
}
