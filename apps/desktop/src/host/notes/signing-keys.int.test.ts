/** Per-user signing keys in the encrypted store: sign a note, verify it, detect tampering. */
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { unwrap } from '@lantern/core';
import { buildNoteDocument, encodeNoteForTest, signNote, verifyNoteSignature } from './testing/notes-fixture.ts';
import { openStore } from '../store/open-store.ts';
import { keyFileProvider } from '../store/key/key-file.ts';
import { removeTempDirs, tempDir } from '../store/testing/temp-dir.ts';
import { SigningKeys, nodeSha256, nodeVerifier, unlockSigner } from './signing-keys.ts';
import { storeDbOf } from './testing/store-db-of.ts';

afterAll(removeTempDirs);
const AUTHOR = { reference: 'Practitioner/22222222-2222-4222-8222-222222222222', display: 'Dr. Test Author' };
const deps = { sha256: nodeSha256, verifier: nodeVerifier };

describe('note signing keys', () => {
  it('first signing makes a key wrapped by the password; the note verifies; a tampered copy does not; a wrong password cannot sign', async () => {
    const dir = tempDir('lantern-sign-');
    const path = join(dir, 's.db');
    const keyProvider = keyFileProvider({ path: join(dir, 's.key'), createIfMissing: true });
    const store = unwrap(await openStore({ path, keyProvider }));
    const keys = new SigningKeys(storeDbOf(store));
    const first = unwrap(keys.signerFor('u-1', 'correct horse', new Date('2026-11-23T12:00:00Z')));
    expect(first.created).toBe(true);
    const draft = unwrap(buildNoteDocument(encodeNoteForTest(AUTHOR)));
    const signed = unwrap(await signNote(draft, { signer: first.signer, sha256: nodeSha256, author: AUTHOR, now: '2026-11-23T12:01:00Z', provenanceId: '55555555-5555-4555-8555-555555555555' }));
    expect(await verifyNoteSignature(signed.note, signed.provenance, first.publicKey, deps)).toBe('valid');
    const tampered = { ...signed.note, description: 'Edited after signing' };
    expect(await verifyNoteSignature(tampered, signed.provenance, first.publicKey, deps)).toBe('tampered');
    store.close();

    // Reopened: the same key, unlocked by the same password only.
    const again = unwrap(await openStore({ path, keyProvider }));
    const keys2 = new SigningKeys(storeDbOf(again));
    const second = unwrap(keys2.signerFor('u-1', 'correct horse', new Date()));
    expect(second.created).toBe(false);
    expect(second.publicKey.keyId).toBe(first.publicKey.keyId);
    const record = keys2.current('u-1')!;
    const wrong = unlockSigner(record, 'wrong password');
    expect(!wrong.ok && wrong.error.code).toBe('UNAUTHENTICATED');
    expect(keys2.publicKeys('u-1')).toHaveLength(1);
    expect(keys2.current('u-2')).toBeNull();
    again.close();
  });
});
