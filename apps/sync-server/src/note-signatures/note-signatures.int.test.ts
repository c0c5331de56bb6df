/**
 * Server-verifiable note signatures: the signed-in user registers a public key; sync.push applies
 * a correctly signed note and refuses a Provenance whose signature does not verify (tampered note,
 * tampered signature, unregistered key); FHIR read of the Provenance and of the note carries the
 * server's verdict, which turns to `tampered` if the stored note is later changed behind its back.
 */
import { createHash, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import type { PushOutput, PushResult } from '@lantern/core';
import { buildNoteDocument, emptySoap, signNote, type NoteAuthor, type Signer } from '@lantern/core/notes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../crypto.ts';
import { demoPatients, mutation, type Json } from '../testing/fixtures.ts';
import { call, login, must, startTestPostgres, startTestServer, type Session, type TestPostgres, type TestServer } from '../testing/harness.ts';
import { SIGNATURE_STATUS_SYSTEM } from './read-status.ts';

let pg: TestPostgres;
let server: TestServer;
let ada: Session;
let ben: Session;
let patientId: string;
let author: NoteAuthor;

interface TestKey { keyId: string; spki: string; signer: Signer }
function makeKey(): TestKey {
  const { privateKey, publicKey }: { privateKey: KeyObject; publicKey: KeyObject } = generateKeyPairSync('ed25519');
  const der = publicKey.export({ type: 'spki', format: 'der' });
  const keyId = createHash('sha256').update(der).digest('hex').slice(0, 32);
  return { keyId, spki: der.toString('base64'), signer: { keyId, algorithm: 'Ed25519', sign: (d) => Promise.resolve(new Uint8Array(sign(null, d, privateKey))) } };
}
const register = (s: Session, k: TestKey) => call<{ created: boolean; keys: number }>(server.url, 'auth.registerSigningKey', { keyId: k.keyId, algorithm: 'Ed25519', spki: k.spki }, s.token);

async function signedNote(k: TestKey): Promise<{ note: Json; provenance: Json }> {
  const draft = buildNoteDocument({ id: randomUUID(), patientId, author, title: 'Progress note', soap: { ...emptySoap(), subjective: 'Feels better today.', plan: 'Continue.' }, date: new Date().toISOString() });
  if (!draft.ok) throw draft.error;
  const s = await signNote(draft.value, { signer: k.signer, sha256: sha256Hex, author, now: new Date().toISOString(), provenanceId: randomUUID() });
  if (!s.ok) throw s.error;
  return { note: s.value.note as unknown as Json, provenance: s.value.provenance as unknown as Json };
}
async function push(note: Json, provenance: Json): Promise<PushResult[]> {
  const ms = [mutation(ada, { op: 'create', patientId, resource: note }), mutation(ada, { op: 'create', patientId, resource: provenance })];
  return (await must<PushOutput>(server.url, 'sync.push', { deviceId: ada.deviceId, mutations: ms }, ada.token)).results;
}
async function fhirTag(type: string, id: string): Promise<string | undefined> {
  const res = await fetch(`${server.url}/fhir/R4/${type}/${id}`, { headers: { authorization: `Bearer ${ada.token}` } });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { meta?: { tag?: { system: string; code: string }[] } };
  return body.meta?.tag?.find((t) => t.system === SIGNATURE_STATUS_SYSTEM)?.code;
}

beforeAll(async () => {
  pg = await startTestPostgres();
  server = await startTestServer(pg, { demo: true, demoPatients: 3, demoHeavyPatient: false });
  ada = await login(server.url, 'dr.ada');
  ben = await login(server.url, 'rn.ben');
  patientId = (await demoPatients(server)).careTeam[0] ?? '';
  const practitioner = (await server.asOwner((c) => c.query('SELECT practitioner_id FROM users WHERE id = $1', [ada.userId]))).rows[0] as { practitioner_id: string };
  author = { reference: `Practitioner/${practitioner.practitioner_id}`, display: 'Dr Ada' };
});
afterAll(async () => {
  await server?.close();
  await pg?.stop();
});

describe('signing key registration', () => {
  it('binds a key to the signed-in user, keeps later keys as history and refuses a key of another user', async () => {
    const k1 = makeKey();
    expect(await register(ada, k1)).toMatchObject({ ok: true, data: { created: true, keys: 1 } });
    expect(await register(ada, k1)).toMatchObject({ ok: true, data: { created: false, keys: 1 } });
    expect(await register(ada, makeKey())).toMatchObject({ ok: true, data: { created: true, keys: 2 } });
    const stolen = await register(ben, k1);
    expect(stolen).toMatchObject({ ok: false, error: { data: { lanternCode: 'CONFLICT' } } });
    const wrongId = await call(server.url, 'auth.registerSigningKey', { keyId: makeKey().keyId, algorithm: 'Ed25519', spki: k1.spki }, ada.token);
    expect(wrongId).toMatchObject({ ok: false, error: { data: { lanternCode: 'BAD_INPUT' } } });
    const owners = await server.asOwner((c) => c.query('SELECT user_id FROM note_signing_keys WHERE key_id = $1', [k1.keyId]));
    expect(owners.rows).toEqual([{ user_id: ada.userId }]);
    // History is append-only, even for the owner of the schema.
    await expect(server.asOwner((c) => c.query('DELETE FROM note_signing_keys WHERE key_id = $1', [k1.keyId]))).rejects.toThrow(/append-only/);
  });
});

describe('note signatures on push and FHIR read', () => {
  it('applies a valid signed note, and FHIR read marks its Provenance and the note verified', async () => {
    const k = makeKey();
    await register(ada, k);
    const { note, provenance } = await signedNote(k);
    const [n, p] = await push(note, provenance);
    expect(n?.status).toBe('applied');
    expect(p?.status).toBe('applied');
    expect(await fhirTag('Provenance', String(provenance['id']))).toBe('valid');
    expect(await fhirTag('DocumentReference', String(note['id']))).toBe('valid');
    expect(await fhirTag('Provenance', `${String(provenance['id'])}/_history/1`)).toBe('valid');

    // Changed behind the server's back (a superuser edit): the next read says so.
    await server.asOwner((c) => c.query("UPDATE resources SET resource = jsonb_set(resource, '{description}', '\"edited\"') WHERE resource_type = 'DocumentReference' AND id = $1", [note['id']]));
    expect(await fhirTag('Provenance', String(provenance['id']))).toBe('tampered');
    expect(await fhirTag('DocumentReference', String(note['id']))).toBe('tampered');
  });

  it('rejects a Provenance whose note was changed after signing, whose signature was altered, or whose key is not registered', async () => {
    const k = makeKey();
    await register(ada, k);
    const edited = await signedNote(k);
    edited.note['description'] = 'changed after signing';
    const [n1, p1] = await push(edited.note, edited.provenance);
    expect(n1?.status).toBe('applied');
    expect(p1).toMatchObject({ status: 'rejected', code: 'BAD_INPUT' });

    const forged = await signedNote(k);
    const sig = (forged.provenance['signature'] as { data: string }[])[0] as { data: string };
    const jws = Buffer.from(sig.data, 'base64').toString('utf8');
    const last = jws.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA';
    sig.data = Buffer.from(`${jws.slice(0, -4)}${last}`, 'utf8').toString('base64');
    const [, p2] = await push(forged.note, forged.provenance);
    expect(p2).toMatchObject({ status: 'rejected', code: 'BAD_INPUT' });

    const unknown = await signedNote(makeKey());
    const [, p3] = await push(unknown.note, unknown.provenance);
    expect(p3).toMatchObject({ status: 'rejected', code: 'BAD_INPUT' });
    if (p3?.status === 'rejected') expect(p3.message).toMatch(/not registered/);

    const stored = await server.asOwner((c) => c.query("SELECT count(*)::int AS n FROM resources WHERE resource_type = 'Provenance' AND id = ANY($1::text[])",
      [[edited.provenance['id'], forged.provenance['id'], unknown.provenance['id']]]));
    expect(stored.rows[0].n).toBe(0);
  });

  it('a FHIR write of a Provenance is held to the same rule', async () => {
    const k = makeKey();
    await register(ada, k);
    const post = (r: Json) => fetch(`${server.url}/fhir/R4/${String(r['resourceType'])}/${String(r['id'])}`, {
      method: 'PUT', headers: { authorization: `Bearer ${ada.token}`, 'content-type': 'application/fhir+json' }, body: JSON.stringify(r),
    });
    const good = await signedNote(k);
    expect((await post(good.note)).status).toBe(201);
    expect((await post(good.provenance)).status).toBe(201);
    const bad = await signedNote(k);
    bad.note['description'] = 'changed after signing';
    expect((await post(bad.note)).status).toBe(201);
    const refused = await post(bad.provenance);
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toMatch(/does not verify/);
  });
});
