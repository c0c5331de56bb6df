/**
 * notes.*: SOAP drafts autosaved in the encrypted store, signing (the user confirms with their
 * password, which unlocks their Ed25519 key: host/notes/signing-keys.ts), addenda, and the notes
 * list with each note's signature checked on read.
 */
import { z } from 'zod';
import { canWriteNotes, LanternError, type DocumentReference } from '@lantern/core';
import { noteHistory, readNote, type NoteHistory, type NoteSignatureStatus, type Soap } from '@lantern/core/notes';
import { checkVerifier } from '../session/password-verifier.ts';
import { nodeSha256 } from '../notes/signing-keys.ts';
import { NoteDraftSchema } from '../notes/drafts.ts';
import { signDraft } from '../notes/sign-draft.ts';
import { localWriteRefusal } from '../api/queue-write.ts';
import { auditRead, requireRead } from '../api/patient-access.ts';
import { allPublicKeys, provenancesFor, signatureStatus } from './note-signatures.ts';
import { clinicalProcedure, must, router, toTrpcError } from '../api/trpc.ts';

const PatientInput = z.object({ patientId: z.string().uuid() });

export interface SignedNoteItem {
  id: string;
  title: string;
  date: string;
  author: string;
  status: string;
  soap: Soap;
  signature: NoteSignatureStatus;
  relatesTo: { code: string; noteId: string } | null;
  pendingSync: boolean;
}

export const notesRouter = router({
  /** The user's autosaved drafts for the patient (restored when the chart reopens, after a crash too). */
  drafts: clinicalProcedure.input(PatientInput).query(async ({ ctx, input }) => {
    await requireRead(ctx, input.patientId, 'Patient');
    return must(ctx.services.clinical.drafts.listForPatient(ctx.user.userId, input.patientId));
  }),

  saveDraft: clinicalProcedure.input(NoteDraftSchema).mutation(async ({ ctx, input }) => {
    if (!canWriteNotes(ctx.user.role)) throw toTrpcError(new LanternError('FORBIDDEN', 'Your role may not write notes'));
    await requireRead(ctx, input.patientId, 'Patient');
    return must(ctx.services.clinical.drafts.save(ctx.user.userId, input));
  }),

  discardDraft: clinicalProcedure.input(z.object({ draftKey: z.string().uuid() })).mutation(({ ctx, input }) => must(ctx.services.clinical.drafts.discard(ctx.user.userId, input.draftKey))),

  /** Signs an autosaved draft, offline: the note and its Provenance are queued for the next sync. */
  sign: clinicalProcedure.input(z.object({ draftKey: z.string().uuid(), password: z.string().min(1).max(1024) })).mutation(async ({ ctx, input }) => {
    const { services, user } = ctx;
    if (!canWriteNotes(user.role)) throw toTrpcError(new LanternError('FORBIDDEN', 'Your role may not sign notes'));
    const cred = await services.clinical.credentials.findOfflineCredential(user.username);
    if (cred === null || cred.userId !== user.userId || !(await checkVerifier(input.password, cred.verifier))) {
      await services.audit.record({ userId: user.userId, action: 'login-failed', outcome: 'failure', detail: { mode: 'note-sign' } });
      throw toTrpcError(new LanternError('UNAUTHENTICATED', 'The password is not correct'));
    }
    const key = must(services.clinical.keys.signerFor(user.userId, input.password, services.now()));
    const signed = must(await signDraft({
      store: services.store, drafts: services.clinical.drafts, signer: key.signer, sha256: nodeSha256,
      author: { reference: `Practitioner/${user.userId}`, display: user.displayName },
      userId: user.userId, deviceId: services.deviceId, draftKey: input.draftKey, now: services.now(), uuid: { uuid: services.uuid },
      authorize: (patientId, resourceType, after) => localWriteRefusal(ctx, patientId, resourceType, null, after),
    }));
    services.sync.kick();
    return { noteId: signed.note.id ?? '', provenanceId: signed.provenance.id ?? '', keyId: key.publicKey.keyId };
  }),

  /** Signed notes (DocumentReferences) with their SOAP text and signature status, newest first, and the version history. */
  list: clinicalProcedure.input(PatientInput).query(async ({ ctx, input }): Promise<{ notes: SignedNoteItem[]; histories: NoteHistory[] }> => {
    const { services } = ctx;
    await requireRead(ctx, input.patientId, 'DocumentReference', 'notes');
    const db = services.clinical.db;
    const rows = db.all<{ json: string; pending: number }>(
      "SELECT json, pending FROM resources WHERE patient_id = ? AND resource_type = 'DocumentReference' AND deleted = 0 ORDER BY effective DESC LIMIT 200", input.patientId);
    const docs = rows.map((r) => ({ doc: JSON.parse(r.json) as DocumentReference, pending: r.pending === 1 }));
    const provenances = provenancesFor(db, input.patientId);
    const keys = allPublicKeys(db);
    const notes: SignedNoteItem[] = [];
    for (const { doc, pending } of docs) {
      const parsed = readNote(doc);
      const rel = doc.relatesTo?.[0];
      notes.push({
        id: doc.id ?? '', title: doc.description ?? doc.type?.text ?? 'Note', date: doc.date ?? '', author: doc.author?.[0]?.display ?? '',
        status: doc.docStatus ?? doc.status, soap: parsed.ok ? parsed.value.soap : { subjective: '', objective: '', assessment: '', plan: '' },
        signature: await signatureStatus(doc, provenances, keys),
        relatesTo: rel?.target.reference === undefined ? null : { code: rel.code, noteId: rel.target.reference.replace(/^DocumentReference\//, '') },
        pendingSync: pending,
      });
    }
    const histories: NoteHistory[] = [];
    for (const n of notes) {
      if (n.relatesTo !== null) continue;
      const h = noteHistory(docs.map((d) => d.doc), n.id);
      if (h.ok) histories.push(h.value);
    }
    await auditRead(ctx, 'resource-read', { patientId: input.patientId, resourceType: 'DocumentReference', detail: { view: 'notes', count: notes.length } });
    return { notes, histories };
  }),

  /** The signed-in user's public signing key (for verifying their signatures elsewhere), or null before the first signature. */
  myKey: clinicalProcedure.query(({ ctx }) => {
    const r = ctx.services.clinical.keys.current(ctx.user.userId);
    return r === null ? null : { keyId: r.keyId, userId: r.userId, algorithm: 'Ed25519' as const, spki: r.publicSpki };
  }),
});
