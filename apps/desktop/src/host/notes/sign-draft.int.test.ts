/** Sign an autosaved draft offline: the note and its Provenance are queued, the signature verifies from the store. */
import { afterAll, expect, it } from 'vitest';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { LanternError, unwrap, type DocumentReference, type Provenance } from '@lantern/core';
import { verifyNoteSignature } from '@lantern/core/notes';
import { openStore } from '../store/open-store.ts';
import { keyFileProvider } from '../store/key/key-file.ts';
import { removeTempDirs, tempDir } from '../store/testing/temp-dir.ts';
import { NoteDrafts } from './drafts.ts';
import { SigningKeys, nodeSha256, nodeVerifier } from './signing-keys.ts';
import { signDraft } from './sign-draft.ts';
import { storeDbOf } from './testing/store-db-of.ts';

afterAll(removeTempDirs);
const PATIENT = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
const AUTHOR = { reference: 'Practitioner/22222222-2222-4222-8222-222222222222', display: 'Dr. Test Author' };

it('a draft signed offline becomes a final note plus Provenance in the outbox; an addendum links to it', async () => {
  const dir = tempDir('lantern-signdraft-');
  const store = unwrap(await openStore({ path: join(dir, 's.db'), keyProvider: keyFileProvider({ path: join(dir, 's.key'), createIfMissing: true }) }));
  const db = storeDbOf(store);
  const drafts = new NoteDrafts(db);
  const { signer, publicKey } = unwrap(new SigningKeys(db).signerFor('u-1', 'pw-for-test', new Date()));
  const base = { store, drafts, signer, sha256: nodeSha256, author: AUTHOR, userId: 'u-1', deviceId: 'ws-1', now: new Date('2026-11-23T12:00:00Z'), uuid: { uuid: randomUUID }, authorize: () => null };
  const key = randomUUID();
  unwrap(drafts.save('u-1', { draftKey: key, patientId: PATIENT, revision: 1, body: { title: 'Progress note', soap: { subjective: 'Cough.', objective: 'Vitals: none recorded today.', assessment: '1. Bronchitis.', plan: '- Fluids.' } } }));
  const signed = unwrap(await signDraft({ ...base, draftKey: key }));
  const note = unwrap(store.getResource(key)) as DocumentReference;
  const prov = unwrap(store.getResource(signed.provenance.id!)) as Provenance;
  expect(note.docStatus).toBe('final');
  expect(await verifyNoteSignature(note, prov, publicKey, { sha256: nodeSha256, verifier: nodeVerifier })).toBe('valid');
  expect(unwrap(store.peekOutbox(10)).map((e) => e.mutation.resourceType)).toEqual(['DocumentReference', 'Provenance']);
  expect(unwrap(drafts.get('u-1', key))).toBeNull();
  expect(unwrap(store.listUnsentAudit(10)).map((e) => e.action)).toContain('note-sign');

  const addKey = randomUUID();
  unwrap(drafts.save('u-1', { draftKey: addKey, patientId: PATIENT, revision: 1, body: { title: '', soap: { subjective: 'Called back: better.', objective: '', assessment: '', plan: '' }, relatesTo: { code: 'appends', noteId: key } } }));
  const addendum = unwrap(await signDraft({ ...base, draftKey: addKey }));
  expect(addendum.note.relatesTo?.[0]).toEqual({ code: 'appends', target: { reference: `DocumentReference/${key}` } });
  expect(addendum.note.description).toBe('Addendum to Progress note');
  store.close();
});

it('a signature the write policy refuses queues nothing and keeps the draft', async () => {
  const dir = tempDir('lantern-signdraft-');
  const store = unwrap(await openStore({ path: join(dir, 's.db'), keyProvider: keyFileProvider({ path: join(dir, 's.key'), createIfMissing: true }) }));
  const drafts = new NoteDrafts(storeDbOf(store));
  const { signer } = unwrap(new SigningKeys(storeDbOf(store)).signerFor('u-1', 'pw-for-test', new Date()));
  const key = randomUUID();
  unwrap(drafts.save('u-1', { draftKey: key, patientId: PATIENT, revision: 1, body: { title: 'Progress note', soap: { subjective: 'Cough.', objective: '', assessment: '', plan: '' } } }));
  const refused = await signDraft({
    store, drafts, signer, sha256: nodeSha256, author: AUTHOR, userId: 'u-1', deviceId: 'ws-1', now: new Date('2026-11-23T12:00:00Z'), uuid: { uuid: randomUUID }, draftKey: key,
    authorize: () => new LanternError('FORBIDDEN', 'Not allowed: not on the care team'),
  });
  expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  expect(unwrap(store.outboxSize())).toBe(0);
  expect(unwrap(drafts.get('u-1', key))).not.toBeNull();
  store.close();
});
