import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { DocumentReference } from '../fhir/types.ts';
import { buildNoteDocument } from './note-document.ts';
import { signNote, type Signer } from './signature.ts';
import { createAddendum, createAmendment, editDraftNote, isSignedNoteError, noteHistory } from './versions.ts';
import { AUTHOR, noteInput } from './test-support.ts';

const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');
const { privateKey } = generateKeyPairSync('ed25519');
const signer: Signer = { keyId: 'k', algorithm: 'Ed25519', sign: (d) => Promise.resolve(new Uint8Array(sign(null, d, privateKey))) };
let n = 0;
const uuid = (): string => `77777777-7777-4777-8777-${String(++n).padStart(12, '0')}`;

async function sign1(doc: DocumentReference, now: string): Promise<DocumentReference> {
  const r = await signNote(doc, { signer, sha256, author: AUTHOR, now, provenanceId: uuid() });
  if (!r.ok) throw r.error;
  return r.value.note;
}
const draft = (): DocumentReference => {
  const d = buildNoteDocument(noteInput());
  if (!d.ok) throw d.error;
  return d.value;
};
const soap = { subjective: 'Later: patient called.', objective: '', assessment: '', plan: '- Recheck BP.' };

describe('signed notes never change', () => {
  it('a draft can be edited; a signed note is refused with a typed error', async () => {
    const d = draft();
    const edited = editDraftNote(d, { title: 'New title', soap, author: AUTHOR, date: '2025-06-01T12:10:00Z' });
    expect(edited.ok && edited.value.description).toBe('New title');
    const s = await sign1(d, '2025-06-01T12:30:00Z');
    const refused = editDraftNote(s, { title: 'x', soap, author: AUTHOR, date: '2025-06-01T13:00:00Z' });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('CONFLICT');
      expect(isSignedNoteError(refused.error)).toBe(true);
    }
  });

  it('an addendum appends to the signed note, which stays current', async () => {
    const s = await sign1(draft(), '2025-06-01T12:30:00Z');
    const add = createAddendum(s, { id: uuid(), author: AUTHOR, date: '2025-06-02T09:00:00Z', soap });
    if (!add.ok) throw add.error;
    expect(add.value.relatesTo).toEqual([{ code: 'appends', target: { reference: `DocumentReference/${s.id}` } }]);
    expect(add.value.description).toBe(`Addendum to ${s.description}`);
    const signedAdd = await sign1(add.value, '2025-06-02T09:05:00Z');
    expect(signedAdd.docStatus).toBe('final');
    const h = noteHistory([s, signedAdd], s.id!);
    expect(h.ok && h.value.current.id).toBe(s.id);
    expect(h.ok && h.value.versions.map((v) => v.kind)).toEqual(['original', 'addendum']);
  });

  it('an amended version replaces the original once signed; the original is kept, shown superseded', async () => {
    const s = await sign1(draft(), '2025-06-01T12:30:00Z');
    const amend = createAmendment(s, { id: uuid(), author: AUTHOR, date: '2025-06-02T09:00:00Z', soap });
    if (!amend.ok) throw amend.error;
    // An unsigned amendment does not replace anything yet.
    let h = noteHistory([s, amend.value], s.id!);
    expect(h.ok && h.value.current.id).toBe(s.id);
    expect(h.ok && h.value.versions[0]?.supersededBy).toBeNull();
    const signedAmend = await sign1(amend.value, '2025-06-02T09:05:00Z');
    expect(signedAmend.docStatus).toBe('amended');
    h = noteHistory([signedAmend, s], signedAmend.id!);
    expect(h.ok && h.value.current.id).toBe(signedAmend.id);
    expect(h.ok && h.value.versions.map((v) => [v.kind, v.supersededBy])).toEqual([['original', signedAmend.id], ['amendment', null]]);
    // The original resource itself is untouched.
    expect(s.docStatus).toBe('final');
  });

  it('addenda and amendments need a signed note', () => {
    const r = createAddendum(draft(), { id: uuid(), author: AUTHOR, date: '2025-06-02T09:00:00Z', soap });
    expect(!r.ok && r.error.code).toBe('PRECONDITION_REQUIRED');
    expect(noteHistory([], 'x').ok).toBe(false);
  });
});
