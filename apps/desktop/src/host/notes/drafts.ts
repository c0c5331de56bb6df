/**
 * Note drafts in the encrypted local store (migration 0003, `note_drafts`): the editor's state is
 * saved every few seconds (core notes/autosave.ts) so a crash or power cut loses at most that
 * interval, and restored when the clinician reopens the patient. Drafts are per user: a shared
 * workstation never shows one user's unfinished note to the next. Each save is one synchronous
 * transaction (WAL, synchronous=FULL: see open-store.ts), so "saved" means on disk.
 *
 * To wire: LocalStore methods `saveNoteDraft/getNoteDraft/listNoteDrafts/discardNoteDraft` that
 * delegate here, their entries in the worker's STORE_METHOD_PARAMS, and tRPC procedures.
 */
import { z } from 'zod';
import { LanternError, err, ok, zodIssuesToFieldIssues, type Result } from '@lantern/core';
import type { StoreDb } from '../store/store-db.ts';

const section = z.string().max(100_000);
export const NoteDraftBodySchema = z.object({
  title: z.string().max(300),
  soap: z.object({ subjective: section, objective: section, assessment: section, plan: section }),
  /** For an addendum or amendment: the signed note it relates to. */
  relatesTo: z.object({ code: z.enum(['appends', 'replaces']), noteId: z.string().uuid() }).optional(),
  encounterId: z.string().uuid().optional(),
});
export type NoteDraftBody = z.infer<typeof NoteDraftBodySchema>;

export const NoteDraftSchema = z.object({
  draftKey: z.string().uuid(),
  patientId: z.string().uuid(),
  body: NoteDraftBodySchema,
  revision: z.number().int().positive(),
});
export type NoteDraftInput = z.infer<typeof NoteDraftSchema>;

export interface StoredNoteDraft extends NoteDraftInput {
  userId: string;
  savedAt: string;
}

interface Row { user_id: string; draft_key: string; patient_id: string; body: string; revision: number; saved_at: string }

const toStored = (r: Row): StoredNoteDraft => ({
  userId: r.user_id, draftKey: r.draft_key, patientId: r.patient_id, revision: r.revision, savedAt: r.saved_at,
  body: NoteDraftBodySchema.parse(JSON.parse(r.body)),
});

const wrap = <T>(fn: () => T): Result<T, LanternError> => {
  try {
    return ok(fn());
  } catch (e) {
    return err(e instanceof LanternError ? e : new LanternError('INTERNAL', 'The draft could not be read or written', { cause: e }));
  }
};

export class NoteDrafts {
  constructor(private readonly db: StoreDb, private readonly now: () => Date = () => new Date()) {}

  /** Saves a draft unless a newer revision is already stored; `saved: false` means it was stale. */
  save(userId: string, input: unknown): Result<{ saved: boolean; savedAt: string }, LanternError> {
    const parsed = NoteDraftSchema.safeParse(input);
    if (!parsed.success) return err(new LanternError('BAD_INPUT', 'Invalid note draft', { issues: zodIssuesToFieldIssues('draft', parsed.error) }));
    if (this.db.readonly) return err(new LanternError('FORBIDDEN', 'The store is open read-only'));
    const d = parsed.data;
    const savedAt = this.now().toISOString();
    return wrap(() => {
      const r = this.db.write(() => this.db.run(
        `INSERT INTO note_drafts (user_id, draft_key, patient_id, body, revision, saved_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (user_id, draft_key) DO UPDATE SET body = excluded.body, revision = excluded.revision, saved_at = excluded.saved_at
         WHERE excluded.revision > note_drafts.revision`,
        userId, d.draftKey, d.patientId, JSON.stringify(d.body), d.revision, savedAt,
      ));
      return { saved: r.changes === 1, savedAt };
    });
  }

  get(userId: string, draftKey: string): Result<StoredNoteDraft | null, LanternError> {
    return wrap(() => {
      const row = this.db.get<Row>('SELECT * FROM note_drafts WHERE user_id = ? AND draft_key = ?', userId, draftKey);
      return row === undefined ? null : toStored(row);
    });
  }

  /** The user's open drafts for a patient, newest first (restored when the chart reopens). */
  listForPatient(userId: string, patientId: string): Result<StoredNoteDraft[], LanternError> {
    return wrap(() => this.db.all<Row>('SELECT * FROM note_drafts WHERE user_id = ? AND patient_id = ? ORDER BY saved_at DESC', userId, patientId).map(toStored));
  }

  /** After signing (the note is then a resource) or when the clinician discards it. */
  discard(userId: string, draftKey: string): Result<boolean, LanternError> {
    if (this.db.readonly) return err(new LanternError('FORBIDDEN', 'The store is open read-only'));
    return wrap(() => this.db.write(() => this.db.run('DELETE FROM note_drafts WHERE user_id = ? AND draft_key = ?', userId, draftKey).changes === 1));
  }

  /** A patient leaving scope takes the drafts about them too (PHI purge). */
  purgePatient(patientId: string): Result<number, LanternError> {
    return wrap(() => this.db.write(() => this.db.run('DELETE FROM note_drafts WHERE patient_id = ?', patientId).changes));
  }
}
