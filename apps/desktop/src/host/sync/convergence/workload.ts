/**
 * The edits each workstation makes offline, and the model the checker needs of them. Edits are on
 * heart-rate Observations of the care-team patients the users share: creates; updates of one of
 * three non-safety-critical fields (so two workstations editing the same field race, and editing
 * different fields merges); notes (Annotations with an element id, which merge by identity);
 * deletes (physicians only). A small "hot" set of records gets most updates so races happen.
 * Every value written is unique (it carries the mutation id), so the final server state says which
 * write won. A round's edits on one workstation are made in one store transaction (each edit a
 * savepoint inside it, through the same store and audit services as the app's own write path):
 * what the outbox and the audit chain hold is the same as with one commit per edit, without an
 * fsync per edit.
 */
import { randomUUID } from 'node:crypto';
import { newMutation, unwrap, type Mutation, type Observation } from '@lantern/core';
import type { Prng } from './prng.ts';
import type { Workstation } from './workstation.ts';

export const FIELDS = ['method', 'bodySite', 'issued'] as const;
export type Field = (typeof FIELDS)[number];
export const MARK = 'urn:lantern:convergence';

export type Edit =
  | { kind: 'create'; values: Record<Field, string> }
  | { kind: 'field'; field: Field; value: string }
  | { kind: 'note'; noteId: string }
  | { kind: 'delete' };

/** One edit as the model sees it: who, in which order on the device, on what base. */
export interface EditRecord {
  mutationId: string;
  device: string;
  /** Order of the edit on its device. */
  n: number;
  resourceId: string;
  patientId: string;
  /** The server version the edit was made on (0: a create). */
  base: number;
  edit: Edit;
}

/** Records every workstation has made, known to all (ids only), for choosing what to edit. */
export class SharedRecords {
  readonly ids: { id: string; patientId: string }[] = [];
  hot(): readonly { id: string; patientId: string }[] {
    return this.ids.slice(0, 12);
  }
}

const valueOf = (field: Field, v: string): Record<string, unknown> => (field === 'issued' ? { issued: v } : { [field]: { text: v } });
/** A unique instant per mutation for `issued` (FHIR instant), a unique text otherwise. */
function uniqueValue(field: Field, mutationId: string, n: number): string {
  if (field !== 'issued') return `${field}-${mutationId}`;
  // Spread by the mutation id over a year of milliseconds: two devices' values meet only by a rare
  // coincidence (which the checker allows: the same value written twice overwrites nothing).
  return new Date(Date.UTC(2020, 0, 1) + n * 1000 + (parseInt(mutationId.replace(/-/g, '').slice(0, 12), 16) % (365 * 86_400_000))).toISOString();
}

interface LocalRow {
  id: string;
  patient_id: string;
  version: string | null;
  json: string;
  pending: number;
  deleted: number;
}

export class Workload {
  #n = 0;
  readonly records: EditRecord[] = [];
  constructor(readonly ws: Workstation, readonly rng: Prng, readonly shared: SharedRecords) {}

  #row(id: string): LocalRow | undefined {
    return this.ws.store.db.get<LocalRow>('SELECT id, patient_id, version, json, pending, deleted FROM resources WHERE id = ?', id);
  }

  /** Makes `n` edits offline, in one store transaction. */
  async edits(n: number): Promise<void> {
    const raw = this.ws.store.db.raw;
    raw.exec('BEGIN IMMEDIATE');
    try {
      for (let i = 0; i < n; i += 1) await this.edit();
      raw.exec('COMMIT');
    } catch (e) {
      if (raw.inTransaction) raw.exec('ROLLBACK');
      throw e;
    }
  }

  /** Makes one edit in the local store (outbox + chart), as the workstation's own write path does. */
  async edit(): Promise<void> {
    const r = this.rng.next();
    const mine = this.ws.role === 'physician';
    if (r < 0.15 || this.shared.ids.length < 12) return this.#create();
    const pool = this.rng.next() < 0.75 ? this.shared.hot() : this.shared.ids;
    const target = this.#row(this.rng.pick(pool).id);
    // Only records the server has acknowledged to this workstation can be edited (an update needs a base).
    if (target === undefined || target.version === null || target.deleted === 1) return this.#create();
    if (r < 0.2 && mine && !this.shared.hot().some((h) => h.id === target.id)) return this.#delete(target);
    if (r < 0.4) return this.#note(target);
    return this.#field(target, this.rng.pick(FIELDS));
  }

  #apply(m: Mutation, edit: Edit): void {
    unwrap(this.ws.store.applyLocalMutation(m));
    this.records.push({ mutationId: m.mutationId, device: this.ws.deviceId, n: this.#n, resourceId: m.resourceId, patientId: m.patientId, base: Number(m.baseVersion ?? 0), edit });
    this.#n += 1;
  }

  async #audit(patientId: string, resourceId: string): Promise<void> {
    await this.ws.audit.record({ userId: this.ws.userId, action: 'resource-read', outcome: 'success', patientId, resourceType: 'Observation', resourceId });
  }

  async #create(): Promise<void> {
    const id = randomUUID();
    const mutationId = randomUUID();
    const patientId = this.rng.pick(this.ws.careTeam);
    const values = Object.fromEntries(FIELDS.map((f) => [f, uniqueValue(f, mutationId, this.#n)])) as Record<Field, string>;
    const obs: Observation = {
      resourceType: 'Observation', id, status: 'final',
      identifier: [{ system: MARK, value: id }],
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] }],
      code: { coding: [{ system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' }] },
      subject: { reference: `Patient/${patientId}` }, effectiveDateTime: new Date().toISOString(),
      valueQuantity: { value: 60 + this.rng.int(60), unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
      ...(valueOf('method', values.method)), ...(valueOf('bodySite', values.bodySite)), ...(valueOf('issued', values.issued)),
    };
    this.#apply(unwrap(newMutation({ mutationId, deviceId: this.ws.deviceId, userId: this.ws.userId, createdAt: new Date(), patientId, op: 'create', resource: obs })), { kind: 'create', values });
    this.shared.ids.push({ id, patientId });
    await this.#audit(patientId, id);
  }

  async #field(row: LocalRow, field: Field): Promise<void> {
    const mutationId = randomUUID();
    const value = uniqueValue(field, mutationId, this.#n);
    const resource = { ...(JSON.parse(row.json) as Record<string, unknown>), ...valueOf(field, value) };
    this.#update(mutationId, row, resource, { kind: 'field', field, value });
    await this.#audit(row.patient_id, row.id);
  }

  async #note(row: LocalRow): Promise<void> {
    const mutationId = randomUUID();
    const noteId = `n${mutationId.replace(/-/g, '').slice(0, 20)}`;
    const current = JSON.parse(row.json) as { note?: unknown[] };
    const resource = { ...current, note: [...(current.note ?? []), { id: noteId, text: `Note ${noteId}` }] };
    this.#update(mutationId, row, resource, { kind: 'note', noteId });
    await this.#audit(row.patient_id, row.id);
  }

  #update(mutationId: string, row: LocalRow, resource: Record<string, unknown>, edit: Edit): void {
    const m = unwrap(newMutation({
      mutationId, deviceId: this.ws.deviceId, userId: this.ws.userId, createdAt: new Date(), patientId: row.patient_id,
      op: 'update', resource, baseVersion: row.version,
    }));
    this.#apply(m, edit);
  }

  async #delete(row: LocalRow): Promise<void> {
    const m = unwrap(newMutation({
      mutationId: randomUUID(), deviceId: this.ws.deviceId, userId: this.ws.userId, createdAt: new Date(), patientId: row.patient_id,
      op: 'delete', resourceType: 'Observation', resourceId: row.id, baseVersion: row.version,
    }));
    this.#apply(m, { kind: 'delete' });
    await this.#audit(row.patient_id, row.id);
  }
}

/** What kinds of edits a run made, so a run can show it exercised each case the issue names. */
export interface Coverage {
  creates: number;
  fieldUpdates: number;
  notes: number;
  deletes: number;
  /** Pairs of edits of the same field of one record on the same base version from two devices (races). */
  sameFieldRaces: number;
  /** Pairs of edits of different fields of one record on the same base version from two devices (merge). */
  differentFieldPairs: number;
  /** Pairs of offline edits of the same field of one record by one device before it synced. */
  sameDeviceRepeats: number;
}

export function coverage(edits: readonly EditRecord[]): Coverage {
  const c: Coverage = { creates: 0, fieldUpdates: 0, notes: 0, deletes: 0, sameFieldRaces: 0, differentFieldPairs: 0, sameDeviceRepeats: 0 };
  const byBase = new Map<string, { device: string; field: Field }[]>();
  for (const e of edits) {
    switch (e.edit.kind) {
      case 'create':
        c.creates += 1;
        break;
      case 'note':
        c.notes += 1;
        break;
      case 'delete':
        c.deletes += 1;
        break;
      case 'field': {
        c.fieldUpdates += 1;
        const k = `${e.resourceId}@${e.base}`;
        const list = byBase.get(k) ?? [];
        for (const o of list) {
          if (o.device === e.device) c.sameDeviceRepeats += o.field === e.edit.field ? 1 : 0;
          else if (o.field === e.edit.field) c.sameFieldRaces += 1;
          else c.differentFieldPairs += 1;
        }
        list.push({ device: e.device, field: e.edit.field });
        byBase.set(k, list);
        break;
      }
    }
  }
  return c;
}
