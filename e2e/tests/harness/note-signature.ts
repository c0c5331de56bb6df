/** Verifies a note's signature from what the server holds, with node:crypto and core's verifier (as any integrator could). */
import { createHash, createPublicKey, verify } from 'node:crypto';
import type { DocumentReference, Provenance } from '@lantern/core';
import { verifyNoteSignature, type NoteSignatureStatus, type PublicSigningKey } from '@lantern/core/notes';

export function serverNoteSignature(note: Record<string, unknown>, provenance: Record<string, unknown> | null, key: PublicSigningKey): Promise<NoteSignatureStatus> {
  return verifyNoteSignature(note as unknown as DocumentReference, provenance as unknown as Provenance | null, key, {
    sha256: (s) => createHash('sha256').update(s, 'utf8').digest('hex'),
    verifier: {
      verify: (k, data, sig) => Promise.resolve(verify(null, data, createPublicKey({ key: Buffer.from(k.spki, 'base64'), format: 'der', type: 'spki' }), sig)),
    },
  });
}
