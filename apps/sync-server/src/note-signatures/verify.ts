/**
 * Server-side verification of a note's author signature (core notes/signature.ts: a detached JWS
 * over the note's content hash, in an ASTM E1762 author's signature of a FHIR R4 Provenance,
 * http://hl7.org/fhir/R4/provenance.html). The key is the one the signer registered with the
 * server, found by the JWS `kid`, never one carried in the Provenance.
 */
import { createPublicKey, verify } from 'node:crypto';
import type { DocumentReference, Provenance, ResourceJson } from '@lantern/core';
import { AUTHOR_SIGNATURE_TYPE, verifyNoteSignature, type PublicSigningKey, type Verifier } from '@lantern/core/notes';
import { sha256Hex } from '../crypto.ts';
import type { Queryable } from '../db/database.ts';
import { findSigningKey } from './signing-keys.ts';

/**
 * `valid`: the registered key of `signerUserId` signed exactly this note; `tampered`: the note or
 * the signature changed after signing; `unknown-key`: no registered key has the signature's kid;
 * `note-missing`: the signed note is not on the server; `unsigned`: no author signature at all.
 */
export type ServerSignatureStatus = 'valid' | 'tampered' | 'unknown-key' | 'note-missing' | 'unsigned';

export const nodeVerifier: Verifier = {
  verify(key: PublicSigningKey, data: Uint8Array, signature: Uint8Array): Promise<boolean> {
    try {
      const pub = createPublicKey({ key: Buffer.from(key.spki, 'base64'), format: 'der', type: 'spki' });
      return Promise.resolve(verify(null, data, pub, signature));
    } catch {
      return Promise.resolve(false);
    }
  },
};

/** The author signature's JWS `kid`, or null when the Provenance carries no author signature. */
export function signatureKeyId(provenance: ResourceJson): string | null | 'malformed' {
  const sigs = (provenance['signature'] as { type?: { code?: string }[]; data?: string }[] | undefined) ?? [];
  const sig = sigs.find((s) => (s.type ?? []).some((t) => t.code === AUTHOR_SIGNATURE_TYPE.code));
  if (sig === undefined) return null;
  try {
    const header = (sig.data === undefined ? '' : Buffer.from(sig.data, 'base64').toString('utf8')).split('.')[0] ?? '';
    const kid = (JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { kid?: unknown }).kid;
    return typeof kid === 'string' ? kid : 'malformed';
  } catch {
    return 'malformed';
  }
}

/** The DocumentReference id a Provenance targets, if any. */
export function signedNoteId(provenance: ResourceJson): string | null {
  for (const t of (provenance['target'] as { reference?: string }[] | undefined) ?? []) {
    const m = /^DocumentReference\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/.*)?$/.exec(t.reference ?? '');
    if (m?.[1] !== undefined) return m[1];
  }
  return null;
}

/**
 * Verifies `provenance` against the note it targets (`note`, or null if the server has none) and
 * the registered key. `signerUserId`, when given, must own the key (a push is signed by its pusher).
 */
export async function verifyProvenanceSignature(
  q: Queryable, provenance: ResourceJson, note: ResourceJson | null, signerUserId: string | null = null,
): Promise<ServerSignatureStatus> {
  const kid = signatureKeyId(provenance);
  if (kid === null) return 'unsigned';
  if (kid === 'malformed') return 'tampered';
  if (note === null) return 'note-missing';
  const key = await findSigningKey(q, kid);
  if (key === null || (signerUserId !== null && key.userId !== signerUserId)) return 'unknown-key';
  const status = await verifyNoteSignature(note as unknown as DocumentReference, provenance as unknown as Provenance, key, { sha256: sha256Hex, verifier: nodeVerifier });
  return status === 'valid' ? 'valid' : 'tampered';
}
