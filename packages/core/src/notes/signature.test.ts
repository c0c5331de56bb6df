import { createHash, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { validateResource } from '../fhir/validate.ts';
import type { DocumentReference } from '../fhir/types.ts';
import { base64FromBytes, bytesFromBase64, decodeBase64Utf8, encodeBase64Utf8 } from '../fhir/base64.ts';
import { buildNoteDocument } from './note-document.ts';
import { signNote, verifyNoteSignature, AUTHOR_SIGNATURE_TYPE, type PublicSigningKey, type Signer, type Verifier } from './signature.ts';
import { AUTHOR, OTHER, noteInput } from './test-support.ts';

const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

function keyPair(keyId: string): { signer: Signer; pub: PublicSigningKey } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    signer: { keyId, algorithm: 'Ed25519', sign: (data) => Promise.resolve(new Uint8Array(sign(null, data, privateKey))) },
    pub: { keyId, userId: 'u-1', algorithm: 'Ed25519', spki: base64FromBytes(new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }))) },
  };
}
const verifier: Verifier = {
  verify: (key, data, sig) => {
    const k: KeyObject = createPublicKey({ key: bytesFromBase64(key.spki) as never, format: 'der', type: 'spki' });
    return Promise.resolve(verify(null, data, k, sig));
  },
};
const deps = { sha256, verifier };

async function signed(keys = keyPair('k1')) {
  const draft = buildNoteDocument(noteInput());
  if (!draft.ok) throw draft.error;
  const r = await signNote(draft.value, { signer: keys.signer, sha256, author: AUTHOR, now: '2025-06-01T12:30:00Z', provenanceId: '55555555-5555-4555-8555-555555555555' });
  if (!r.ok) throw r.error;
  return { ...r.value, keys };
}

describe('note e-signature', () => {
  it('a signed note verifies as valid, and its Provenance is a valid FHIR author signature on that note', async () => {
    const { note, provenance, keys } = await signed();
    expect(note.docStatus).toBe('final');
    expect(note.authenticator?.reference).toBe(AUTHOR.reference);
    expect(validateResource(provenance, 'Provenance').ok).toBe(true);
    expect(validateResource(note, 'DocumentReference').ok).toBe(true);
    expect(provenance.target[0]?.reference).toBe(`DocumentReference/${note.id}`);
    expect(provenance.signature?.[0]?.type[0]?.code).toBe(AUTHOR_SIGNATURE_TYPE.code);
    expect(provenance.signature?.[0]?.sigFormat).toBe('application/jose');
    expect(await verifyNoteSignature(note, provenance, keys.pub, deps)).toBe('valid');
  });

  it('still verifies after the server sets meta (version, time) on sync', async () => {
    const { note, provenance, keys } = await signed();
    expect(await verifyNoteSignature({ ...note, meta: { versionId: '3', lastUpdated: '2025-06-02T00:00:00Z' } }, provenance, keys.pub, deps)).toBe('valid');
  });

  it('one changed character of the text shows as tampered', async () => {
    const { note, provenance, keys } = await signed();
    const text = decodeBase64Utf8(note.content[0]?.attachment.data ?? '').replace('128/82', '118/82');
    const edited: DocumentReference = { ...note, content: [{ attachment: { ...note.content[0]!.attachment, data: encodeBase64Utf8(text) } }] };
    expect(await verifyNoteSignature(edited, provenance, keys.pub, deps)).toBe('tampered');
  });

  it('a changed author, status or a signature by another key shows as tampered', async () => {
    const { note, provenance, keys } = await signed();
    expect(await verifyNoteSignature({ ...note, author: [OTHER] }, provenance, keys.pub, deps)).toBe('tampered');
    expect(await verifyNoteSignature({ ...note, docStatus: 'preliminary' }, provenance, keys.pub, deps)).toBe('tampered');
    const other = keyPair('k1'); // same key id, different key: the signature cannot verify
    expect(await verifyNoteSignature(note, provenance, other.pub, deps)).toBe('tampered');
    expect(await verifyNoteSignature(note, provenance, { ...keys.pub, keyId: 'k2' }, deps)).toBe('tampered');
    const garbage = { ...provenance, signature: [{ ...provenance.signature![0]!, data: encodeBase64Utf8('not-a-jws') }] };
    expect(await verifyNoteSignature(note, garbage, keys.pub, deps)).toBe('tampered');
  });

  it('no Provenance, or one for another note, is unsigned', async () => {
    const { note, provenance, keys } = await signed();
    expect(await verifyNoteSignature(note, null, keys.pub, deps)).toBe('unsigned');
    expect(await verifyNoteSignature(note, { ...provenance, target: [{ reference: 'DocumentReference/other' }] }, keys.pub, deps)).toBe('unsigned');
  });

  it('refuses to sign twice, or for someone who is not an author', async () => {
    const { note, keys } = await signed();
    const again = await signNote(note, { signer: keys.signer, sha256, author: AUTHOR, now: '2025-06-01T13:00:00Z', provenanceId: '66666666-6666-4666-8666-666666666666' });
    expect(!again.ok && again.error.code).toBe('CONFLICT');
    const draft = buildNoteDocument(noteInput());
    if (!draft.ok) throw draft.error;
    const stranger = await signNote(draft.value, { signer: keys.signer, sha256, author: OTHER, now: '2025-06-01T13:00:00Z', provenanceId: '66666666-6666-4666-8666-666666666666' });
    expect(!stranger.ok && stranger.error.code).toBe('FORBIDDEN');
  });
});
