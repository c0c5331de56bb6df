/** The notes list's signature status, read from a real store: valid as signed, tampered once the stored note changes, unsigned without a Provenance. */
import { afterAll, expect, it } from 'vitest';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { unwrap, type DocumentReference } from '@lantern/core';
import { openStore } from '../store/open-store.ts';
import { keyFileProvider } from '../store/key/key-file.ts';
import { removeTempDirs, tempDir } from '../store/testing/temp-dir.ts';
import { NoteDrafts } from '../notes/drafts.ts';
import { SigningKeys, nodeSha256 } from '../notes/signing-keys.ts';
import { signDraft } from '../notes/sign-draft.ts';
import { storeDbOf } from '../notes/testing/store-db-of.ts';
import { allPublicKeys, provenancesFor, signatureStatus } from './note-signatures.ts';

afterAll(removeTempDirs);
const PATIENT = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';

it('a signed note verifies on read; the same note changed afterwards (e.g. in the file or on the server) shows as tampered', async () => {
  const dir = tempDir('lantern-notesig-');
  const store = unwrap(await openStore({ path: join(dir, 's.db'), keyProvider: keyFileProvider({ path: join(dir, 's.key'), createIfMissing: true }) }));
  const db = storeDbOf(store);
  const drafts = new NoteDrafts(db);
  const { signer } = unwrap(new SigningKeys(db).signerFor('u-1', 'pw-for-test', new Date()));
  const key = randomUUID();
  unwrap(drafts.save('u-1', { draftKey: key, patientId: PATIENT, revision: 1, body: { title: 'Progress note', soap: { subjective: 'Cough.', objective: '', assessment: 'Bronchitis.', plan: 'Fluids.' } } }));
  unwrap(await signDraft({ store, drafts, signer, sha256: nodeSha256, author: { reference: 'Practitioner/u-1', display: 'Dr. Test' }, userId: 'u-1', deviceId: 'ws-1', draftKey: key, now: new Date('2026-11-23T12:00:00Z'), uuid: { uuid: randomUUID }, authorize: () => null }));

  const note = unwrap(store.getResource(key)) as DocumentReference;
  const provs = provenancesFor(db, PATIENT);
  expect(provs).toHaveLength(1);
  expect(await signatureStatus(note, provs, allPublicKeys(db))).toBe('valid');

  // The server's copy arrives with a new version (meta only): still valid.
  const put = (doc: DocumentReference) => db.write(() => db.run('UPDATE resources SET json = ? WHERE id = ?', JSON.stringify(doc), key));
  put({ ...note, meta: { versionId: '1', lastUpdated: '2026-11-23T12:01:00Z' } });
  expect(await signatureStatus(unwrap(store.getResource(key)) as DocumentReference, provs, allPublicKeys(db))).toBe('valid');

  // Someone changes the assessment after signing (here, straight in the store's row).
  const text = Buffer.from(note.content[0]?.attachment.data ?? '', 'base64').toString('utf8').replace('Bronchitis.', 'Pneumonia.');
  const changed: DocumentReference = { ...note, content: [{ attachment: { ...note.content[0]?.attachment, data: Buffer.from(text, 'utf8').toString('base64') } }] };
  expect(text).toContain('Pneumonia.');
  put({ ...changed, meta: { versionId: '2', lastUpdated: '2026-11-23T12:02:00Z' } });
  expect(await signatureStatus(unwrap(store.getResource(key)) as DocumentReference, provs, allPublicKeys(db))).toBe('tampered');

  // A note with no Provenance is unsigned, not "valid".
  expect(await signatureStatus({ ...note, id: randomUUID() }, provs, allPublicKeys(db))).toBe('unsigned');
  store.close();
});
