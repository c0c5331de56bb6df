/**
 * The draft basket of order entry in the encrypted local store (migration 0008, `order_drafts`):
 * unsigned orders survive a lock, a sign-out, a crash or a restart, and come back when the same
 * clinician reopens the same patient. One basket per (user, patient): a shared workstation never
 * shows one clinician's unsigned orders to the next. Override reasons are not kept: they are a
 * decision made at signing, against the cards of that moment. Each save is one synchronous
 * transaction (WAL, synchronous=FULL: see store/open-store.ts), so "saved" means on disk.
 */
import { z } from 'zod';
import { LanternError, err, ok, validateResource, zodIssuesToFieldIssues, type MedicationRequest, type Result, type ServiceRequest } from '@lantern/core';
import type { DraftOrder } from '@lantern/core/cds';
import type { StoreDb } from '../store/store-db.ts';

const DraftShape = z.custom<DraftOrder>((v) => typeof v === 'object' && v !== null && ['MedicationRequest', 'ServiceRequest'].includes(String((v as { resourceType?: unknown }).resourceType)), 'must be a MedicationRequest or ServiceRequest');

export const OrderDraftsInputSchema = z.object({
  patientId: z.string().uuid(),
  drafts: z.array(DraftShape).max(50),
  /** Increases with each save; a stale save (an older tab, a slow request) never overwrites a newer basket. */
  revision: z.number().int().positive(),
});
export type OrderDraftsInput = z.infer<typeof OrderDraftsInputSchema>;

export interface StoredOrderDrafts {
  patientId: string;
  drafts: DraftOrder[];
  revision: number;
  savedAt: string;
}

interface Row { patient_id: string; body: string; revision: number; saved_at: string }

/** Each draft checked as a FHIR resource of its type, a draft, for this patient (the same rule sign applies). */
function checkDrafts(patientId: string, drafts: readonly DraftOrder[]): Result<DraftOrder[], LanternError> {
  const out: DraftOrder[] = [];
  for (const [i, d] of drafts.entries()) {
    const v = validateResource(d, d.resourceType);
    if (!v.ok) return err(new LanternError('BAD_INPUT', 'A draft order is not valid', { issues: [{ path: `drafts.${i}`, message: v.error.message }] }));
    const o = v.value as MedicationRequest | ServiceRequest;
    if (o.id === undefined || o.subject?.reference !== `Patient/${patientId}` || o.status !== 'draft') {
      return err(new LanternError('BAD_INPUT', 'Every order must be a draft for this patient', { issues: [{ path: `drafts.${i}`, message: 'not a draft for this patient' }] }));
    }
    out.push(o);
  }
  return ok(out);
}

const wrap = <T>(fn: () => T): Result<T, LanternError> => {
  try {
    return ok(fn());
  } catch (e) {
    return err(e instanceof LanternError ? e : new LanternError('INTERNAL', 'The draft orders could not be read or written', { cause: e }));
  }
};

export class OrderDrafts {
  constructor(private readonly db: StoreDb, private readonly now: () => Date = () => new Date()) {}

  /** Saves the basket unless a newer revision is stored; an empty basket removes the row. */
  save(userId: string, input: unknown): Result<{ saved: boolean; savedAt: string }, LanternError> {
    const parsed = OrderDraftsInputSchema.safeParse(input);
    if (!parsed.success) return err(new LanternError('BAD_INPUT', 'Invalid draft orders', { issues: zodIssuesToFieldIssues('orderDrafts', parsed.error) }));
    if (this.db.readonly) return err(new LanternError('FORBIDDEN', 'The store is open read-only'));
    const { patientId, revision } = parsed.data;
    const checked = checkDrafts(patientId, parsed.data.drafts);
    if (!checked.ok) return checked;
    const savedAt = this.now().toISOString();
    return wrap(() => this.db.write(() => {
      const r = this.db.run(
        `INSERT INTO order_drafts (user_id, patient_id, body, revision, saved_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (user_id, patient_id) DO UPDATE SET body = excluded.body, revision = excluded.revision, saved_at = excluded.saved_at
         WHERE excluded.revision > order_drafts.revision`,
        userId, patientId, JSON.stringify({ drafts: checked.value }), revision, savedAt,
      );
      return { saved: r.changes === 1, savedAt };
    }));
  }

  /** The user's basket for the patient, or null when they have none. */
  get(userId: string, patientId: string): Result<StoredOrderDrafts | null, LanternError> {
    return wrap(() => {
      const row = this.db.get<Row>('SELECT patient_id, body, revision, saved_at FROM order_drafts WHERE user_id = ? AND patient_id = ?', userId, patientId);
      if (row === undefined) return null;
      const body = z.object({ drafts: z.array(DraftShape) }).parse(JSON.parse(row.body));
      return { patientId: row.patient_id, drafts: body.drafts, revision: row.revision, savedAt: row.saved_at };
    });
  }

  /** After signing, or when the clinician discards the basket. */
  discard(userId: string, patientId: string): Result<boolean, LanternError> {
    if (this.db.readonly) return err(new LanternError('FORBIDDEN', 'The store is open read-only'));
    return wrap(() => this.db.write(() => this.db.run('DELETE FROM order_drafts WHERE user_id = ? AND patient_id = ?', userId, patientId).changes === 1));
  }

  /** A patient leaving scope takes every basket about them too (PHI purge). */
  purgePatient(patientId: string): Result<number, LanternError> {
    return wrap(() => this.db.write(() => this.db.run('DELETE FROM order_drafts WHERE patient_id = ?', patientId).changes));
  }
}
