/**
 * A signed note never changes (ARCHITECTURE.md, Data model). Later information is either an
 * addendum (a new DocumentReference with relatesTo `appends` -> the signed note; both stand) or an
 * amended version (a new DocumentReference with relatesTo `replaces` -> the version it corrects,
 * docStatus `amended` once signed; the old one stays as it was signed, shown as superseded).
 * Marking the old version `superseded` in place would change a signed resource and break its
 * signature, so "superseded" is computed from the links by `noteHistory`, never written.
 * FHIR R4 DocumentReference.relatesTo: http://hl7.org/fhir/R4/valueset-document-relationship-type.html
 */
import type { DocumentReference } from '../fhir/types.ts';
import { LanternError } from '../errors.ts';
import { err, ok, type Result } from '../result.ts';
import { buildNoteDocument, isNoteSigned, readNote, type NoteAuthor } from './note-document.ts';
import type { Soap } from './soap.ts';
import { noteReference } from './signature.ts';

/** The typed refusal for any edit of a signed note. */
export const signedNoteError = (doc: DocumentReference): LanternError =>
  new LanternError('CONFLICT', 'A signed note cannot be changed: write an addendum or an amended version', {
    issues: [{ path: 'docStatus', message: `note ${doc.id ?? ''} is ${doc.docStatus ?? 'signed'}` }],
  });

export const isSignedNoteError = (e: unknown): boolean =>
  e instanceof LanternError && e.code === 'CONFLICT' && e.issues.some((i) => i.path === 'docStatus');

export interface NoteEdit {
  title: string;
  soap: Soap;
  author: NoteAuthor;
  /** FHIR instant. */
  date: string;
}

/** Replaces a draft's text; a signed note is refused with `signedNoteError`. */
export function editDraftNote(doc: DocumentReference, edit: NoteEdit): Result<DocumentReference, LanternError> {
  if (isNoteSigned(doc)) return err(signedNoteError(doc));
  const patientId = doc.subject?.reference?.replace(/^Patient\//, '') ?? '';
  const encounterId = doc.context?.encounter?.[0]?.reference?.replace(/^Encounter\//, '');
  const rebuilt = buildNoteDocument({ id: doc.id ?? '', patientId, author: edit.author, title: edit.title, soap: edit.soap, date: edit.date, ...(encounterId === undefined ? {} : { encounterId }) });
  if (!rebuilt.ok) return rebuilt;
  return ok({ ...rebuilt.value, ...(doc.relatesTo === undefined ? {} : { relatesTo: doc.relatesTo }), ...(doc.meta === undefined ? {} : { meta: doc.meta }) });
}

interface DerivedInput { id: string; author: NoteAuthor; date: string; soap: Soap; title?: string }

function derived(signed: DocumentReference, input: DerivedInput, code: 'appends' | 'replaces', defaultTitle: string): Result<DocumentReference, LanternError> {
  if (!isNoteSigned(signed)) {
    return err(new LanternError('PRECONDITION_REQUIRED', `Only a signed note can have ${code === 'appends' ? 'an addendum' : 'an amended version'}; edit the draft instead`, { issues: [{ path: 'docStatus', message: 'not signed' }] }));
  }
  const patientId = signed.subject?.reference?.replace(/^Patient\//, '') ?? '';
  const encounterId = signed.context?.encounter?.[0]?.reference?.replace(/^Encounter\//, '');
  const built = buildNoteDocument({ id: input.id, patientId, author: input.author, title: input.title ?? defaultTitle, soap: input.soap, date: input.date, ...(encounterId === undefined ? {} : { encounterId }) });
  if (!built.ok) return built;
  return ok({ ...built.value, relatesTo: [{ code, target: { reference: noteReference(signed) } }] });
}

function titleOf(doc: DocumentReference): string {
  if (doc.description !== undefined) return doc.description;
  const read = readNote(doc);
  return read.ok ? read.value.header.title : 'Note';
}

/** A draft addendum to a signed note. */
export const createAddendum = (signed: DocumentReference, input: DerivedInput): Result<DocumentReference, LanternError> =>
  derived(signed, input, 'appends', `Addendum to ${titleOf(signed)}`);

/** A draft amended version of a signed note, starting from its text unless `soap` says otherwise. */
export const createAmendment = (signed: DocumentReference, input: DerivedInput): Result<DocumentReference, LanternError> =>
  derived(signed, input, 'replaces', titleOf(signed));

export type NoteVersionKind = 'original' | 'amendment' | 'addendum';

export interface NoteVersion {
  note: DocumentReference;
  kind: NoteVersionKind;
  signed: boolean;
  /** The id of the amended version that replaces this one, if any. */
  supersededBy: string | null;
  /** For an addendum, the id of the note it appends to. */
  appendsTo: string | null;
}

export interface NoteHistory {
  /** The version to show: the newest signed version of the replaces-chain (a draft amendment does not count). */
  current: DocumentReference;
  /** Every version of the chain, oldest first, then addenda to any of them (oldest first). */
  versions: NoteVersion[];
}

const targetId = (doc: DocumentReference, code: 'appends' | 'replaces'): string | null => {
  const ref = doc.relatesTo?.find((r) => r.code === code)?.target.reference;
  return ref?.startsWith('DocumentReference/') === true ? ref.slice('DocumentReference/'.length).split('/')[0] ?? null : null;
};

/** The history of the note `noteId` (any version of it) among `notes` (the patient's notes). */
export function noteHistory(notes: readonly DocumentReference[], noteId: string): Result<NoteHistory, LanternError> {
  const byId = new Map(notes.map((n) => [n.id ?? '', n]));
  let root = byId.get(noteId);
  if (root === undefined) return err(new LanternError('NOT_FOUND', 'No such note', { issues: [{ path: 'noteId', message: 'not found' }] }));
  for (let guard = 0; guard < notes.length; guard++) {
    const prev = targetId(root, 'replaces');
    const p = prev === null ? undefined : byId.get(prev);
    if (p === undefined) break;
    root = p;
  }
  const chain: DocumentReference[] = [root];
  const seen = new Set([root.id]);
  for (;;) {
    const last = chain[chain.length - 1] as DocumentReference;
    const next = notes.filter((n) => targetId(n, 'replaces') === last.id && !seen.has(n.id)).sort((a, b) => (a.date ?? '').localeCompare(b.date ?? ''));
    // Two amendments of the same version (made offline on two machines) both stay in the history; the chain follows the first.
    const n = next[0];
    if (n === undefined) break;
    chain.push(...next);
    for (const x of next) seen.add(x.id);
    if (next.length > 1) break;
  }
  const chainIds = new Set(chain.map((n) => n.id ?? ''));
  const addenda = notes.filter((n) => { const t = targetId(n, 'appends'); return t !== null && chainIds.has(t); })
    .sort((a, b) => (a.date ?? '').localeCompare(b.date ?? ''));
  const supersededBy = (doc: DocumentReference): string | null =>
    chain.find((n) => targetId(n, 'replaces') === doc.id && isNoteSigned(n))?.id ?? null;
  const versions: NoteVersion[] = [
    ...chain.map((n, i) => ({ note: n, kind: (i === 0 ? 'original' : 'amendment') as NoteVersionKind, signed: isNoteSigned(n), supersededBy: supersededBy(n), appendsTo: null })),
    ...addenda.map((n) => ({ note: n, kind: 'addendum' as const, signed: isNoteSigned(n), supersededBy: null, appendsTo: targetId(n, 'appends') })),
  ];
  const signedChain = chain.filter(isNoteSigned);
  const current = signedChain[signedChain.length - 1] ?? root;
  return ok({ current, versions });
}
