/**
 * Signature status of the notes in the local store, checked on every read ("it verifies on
 * read and a tampered note shows as such"). The Provenance targeting the note is found by patient;
 * the public keys are the ones this store holds (the signing users of this workstation).
 */
import type { DocumentReference, Provenance } from '@lantern/core';
import { verifyNoteSignature, type NoteSignatureStatus, type PublicSigningKey } from '@lantern/core/notes';
import type { StoreDb } from '../store/store-db.ts';
import { nodeSha256, nodeVerifier, publicKeyOf, WrappedKeySchema } from '../notes/signing-keys.ts';

interface KeyRow { user_id: string; key_id: string; public_spki: string; wrapped: string; created_at: string }

export function allPublicKeys(db: StoreDb): PublicSigningKey[] {
  return db.all<KeyRow>('SELECT user_id, key_id, public_spki, wrapped, created_at FROM signing_keys').map((r) =>
    publicKeyOf({ userId: r.user_id, keyId: r.key_id, publicSpki: r.public_spki, wrapped: WrappedKeySchema.parse(JSON.parse(r.wrapped)), createdAt: r.created_at }));
}

export function provenancesFor(db: StoreDb, patientId: string): Provenance[] {
  return db.all<{ json: string }>("SELECT json FROM resources WHERE patient_id = ? AND resource_type = 'Provenance' AND deleted = 0", patientId)
    .map((r) => JSON.parse(r.json) as Provenance);
}

/** `valid` when one of the known keys signed exactly this content; `tampered` when a signature exists but does not match. */
export async function signatureStatus(note: DocumentReference, provenances: readonly Provenance[], keys: readonly PublicSigningKey[]): Promise<NoteSignatureStatus> {
  const ref = `DocumentReference/${note.id ?? ''}`;
  const prov = provenances.find((p) => p.target.some((t) => t.reference === ref)) ?? null;
  if (prov === null) return 'unsigned';
  if (keys.length === 0) return 'tampered';
  let first: NoteSignatureStatus | null = null;
  for (const k of keys) {
    const s = await verifyNoteSignature(note, prov, k, { sha256: nodeSha256, verifier: nodeVerifier });
    if (s === 'valid') return s;
    first ??= s;
  }
  return first ?? 'tampered';
}
