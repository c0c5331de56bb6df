/**
 * Signing a note on the workstation, offline: the autosaved draft becomes a DocumentReference
 * (a new note, or an addendum / amended version of a signed one), is signed with the user's key
 * (core signNote), and the note and its Provenance are queued as two create mutations; the draft
 * is then discarded and a 'note-sign' audit event recorded. Each store call is its own
 * transaction; the order (note, Provenance, audit, then the draft) means a crash part-way leaves at
 * worst a draft that is also a signed note, never a lost note.
 */
import {
  LanternError, asDeviceId, asPatientId, asUserId, err, newMutation, ok, type Mutation, type ResourceJson, type Result, type Sha256Hex, type UuidSource,
} from '@lantern/core';
import { buildNoteDocument, createAddendum, createAmendment, signNote, type NoteAuthor, type SignedNote, type Signer } from '@lantern/core/notes';
import type { DocumentReference } from '@lantern/core';
import type { WritableStore } from '../store/local-store.ts';
import type { NoteDrafts } from './drafts.ts';

export interface SignDraftInput {
  store: WritableStore;
  drafts: NoteDrafts;
  signer: Signer;
  sha256: Sha256Hex;
  author: NoteAuthor;
  userId: string;
  deviceId: string;
  draftKey: string;
  now: Date;
  uuid: UuidSource;
  /** The host's write policy for each queued resource (host/api/queue-write.ts): the refusal, or null. */
  authorize: (patientId: string, resourceType: string, after: ResourceJson) => LanternError | null;
}

const must = <T>(r: Result<T, LanternError>): T => {
  if (!r.ok) throw r.error;
  return r.value;
};

export async function signDraft(i: SignDraftInput): Promise<Result<SignedNote, LanternError>> {
  try {
    const draft = must(i.drafts.get(i.userId, i.draftKey));
    if (draft === null) return err(new LanternError('NOT_FOUND', 'No such draft'));
    const now = i.now.toISOString();
    const { body } = draft;
    let doc: DocumentReference;
    if (body.relatesTo === undefined) {
      doc = must(buildNoteDocument({ id: draft.draftKey, patientId: draft.patientId, author: i.author, title: body.title, soap: body.soap, date: now, ...(body.encounterId === undefined ? {} : { encounterId: body.encounterId }) }));
    } else {
      const target = must(i.store.getResource(body.relatesTo.noteId));
      if (target?.resourceType !== 'DocumentReference') return err(new LanternError('NOT_FOUND', 'The note this draft relates to is not on this workstation'));
      const make = body.relatesTo.code === 'appends' ? createAddendum : createAmendment;
      doc = must(make(target, { id: draft.draftKey, author: i.author, date: now, soap: body.soap, ...(body.title.trim() === '' ? {} : { title: body.title }) }));
    }
    const signed = must(await signNote(doc, { signer: i.signer, sha256: i.sha256, author: i.author, now, provenanceId: i.uuid.uuid() }));
    const mutation = (resource: SignedNote['note'] | SignedNote['provenance']): Mutation =>
      must(newMutation({ mutationId: i.uuid.uuid(), deviceId: i.deviceId, userId: i.userId, createdAt: now, patientId: draft.patientId, op: 'create', resource }));
    const queued = [mutation(signed.note), mutation(signed.provenance)];
    // Checked before anything is queued: a refused signature leaves the draft as it was.
    for (const m of queued) {
      const refused = m.resource === null ? null : i.authorize(draft.patientId, m.resourceType, m.resource);
      if (refused !== null) return err(refused);
    }
    for (const m of queued) must(i.store.applyLocalMutation(m));
    must(i.store.appendAudit([{
      eventId: i.uuid.uuid(), deviceId: asDeviceId(i.deviceId), userId: asUserId(i.userId), action: 'note-sign', patientId: asPatientId(draft.patientId),
      resourceType: 'DocumentReference', resourceId: signed.note.id ?? null, outcome: 'success', reason: null,
      detail: { provenanceId: signed.provenance.id ?? null, keyId: i.signer.keyId, relatesTo: body.relatesTo?.code ?? null },
      recordedAt: now,
    }]));
    must(i.drafts.discard(i.userId, i.draftKey));
    return ok(signed);
  } catch (e) {
    return err(e instanceof LanternError ? e : new LanternError('INTERNAL', 'The note could not be signed', { cause: e }));
  }
}
