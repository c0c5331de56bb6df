/**
 * Devices are enrolled, not named; audit ingest believes only what it can check. Each test is a
 * finding a privacy officer or an attacker would notice, over real HTTP on a real database.
 * Refused sign-ins are spread over the demo users so none reaches the sign-in throttle.
 */
import { createHash, randomUUID } from 'node:crypto';
import { appendToChain, type AuditEventInput, type ChainedAuditEvent } from '@lantern/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDeviceKeyPair, proofString, refreshSubject } from '../auth/device-proof.ts';
import {
  call, challenge, ingest, ingestInput, login, loginInput, must, refresh, startTestPostgres, startTestServer,
  type Session, type TestPostgres, type TestServer,
} from '../testing/harness.ts';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

let pg: TestPostgres;
let server: TestServer;

beforeAll(async () => {
  pg = await startTestPostgres();
  server = await startTestServer(pg, { demo: true, demoPatients: 3, demoHeavyPatient: false });
}, 120_000);
afterAll(async () => {
  await server?.close();
  await pg?.stop();
});

function event(s: Pick<Session, 'deviceId'>, over: Partial<AuditEventInput> = {}): AuditEventInput {
  return {
    eventId: randomUUID(), deviceId: s.deviceId as AuditEventInput['deviceId'], userId: '' as AuditEventInput['userId'], action: 'chart-view',
    patientId: null, resourceType: null, resourceId: null, outcome: 'success', reason: null, detail: {},
    recordedAt: server.clock.now().toISOString(), ...over,
  } as AuditEventInput;
}

const asUser = (userId: string) => ({ userId: userId as AuditEventInput['userId'] });

const head = async (deviceId: string) =>
  (await server.asOwner((c) => c.query('SELECT seq, hash FROM audit.device_heads WHERE device_id = $1', [deviceId]))).rows[0] as { seq: number; hash: string } | undefined;

const findings = async (deviceId: string) =>
  (await server.asOwner((c) => c.query('SELECT kind, detail FROM audit.findings WHERE device_id = $1 ORDER BY created_at', [deviceId]))).rows as { kind: string; detail: Record<string, unknown> }[];

const storedUnder = async (eventId: string) =>
  (await server.asOwner((c) => c.query('SELECT user_id FROM audit.events WHERE event_id = $1', [eventId]))).rows as { user_id: string }[];

describe('audit ingest believes only what it can check', () => {
  it("billing cannot store an event in the physician's name: refused per event, kept as a finding, nothing under dr.ada", async () => {
    const ada = await login(server.url, 'dr.ada'); // dr.ada exists and has signed in, but on another device
    const billing = await login(server.url, 'billing.cy');
    const patientId = randomUUID();
    const own = event(billing, asUser(billing.userId));
    const forged = event(billing, { ...asUser(ada.userId), action: 'resource-read', patientId: patientId as AuditEventInput['patientId'], recordedAt: '2026-01-05T03:00:00.000Z' });
    const chain = appendToChain([own, forged], null, sha);
    const r = await ingest<{ accepted: number; refused: { seq: number; eventId: string; code: string; reason: string }[] }>(server.url, billing, chain);
    expect(r).toMatchObject({ ok: true, data: { accepted: 1, refused: [{ seq: 2, eventId: forged.eventId, code: 'FORBIDDEN', reason: 'user-not-signed-in-on-device' }] } });
    expect(await storedUnder(forged.eventId)).toEqual([]);
    expect(await storedUnder(own.eventId)).toEqual([{ user_id: billing.userId }]);
    const f = await findings(billing.deviceId);
    expect(f).toEqual([expect.objectContaining({ kind: 'ingest-user-refused', detail: expect.objectContaining({ claimedUserId: ada.userId, sentBy: billing.userId, patientId, deviceSeq: 2 }) })]);
    // The device's chain moved past the refused event, so its next batch links on.
    expect(await head(billing.deviceId)).toMatchObject({ seq: 2 });
    const next = appendToChain([event(billing, asUser(billing.userId))], { seq: 2, hash: chain[1]?.hash ?? '' }, sha);
    expect(await ingest(server.url, billing, next)).toMatchObject({ ok: true, data: { accepted: 1, refused: [] } });
  }, 60_000);

  it('a user who signed in on the device is accepted; a second user of a shared workstation too', async () => {
    const deviceId = randomUUID();
    const ben = await login(server.url, 'rn.ben', deviceId);
    const ada = await login(server.url, 'dr.ada', deviceId);
    const chain = appendToChain([event(ben, asUser(ben.userId)), event(ada, asUser(ada.userId))], null, sha);
    expect(await ingest(server.url, ada, chain)).toMatchObject({ ok: true, data: { accepted: 2, refused: [] } });
  }, 60_000);

  it("an event dated after the sign-in's offline grant and refresh token ran out is refused", async () => {
    const ben = await login(server.url, 'rn.ben');
    const late = event(ben, { ...asUser(ben.userId), recordedAt: new Date(server.clock.now().getTime() + 30 * 24 * 3_600_000).toISOString() });
    const r = await ingest(server.url, ben, appendToChain([late], null, sha));
    expect(r).toMatchObject({ ok: true, data: { accepted: 0, refused: [{ code: 'FORBIDDEN', reason: 'sign-in-expired-at-event-time' }] } });
    expect(await storedUnder(late.eventId)).toEqual([]);
  }, 60_000);

  it("a backdated event is stored with the server's receivedAt beside the device's recordedAt", async () => {
    const ben = await login(server.url, 'rn.ben');
    const backdated = event(ben, { ...asUser(ben.userId), recordedAt: '2026-11-01T08:00:00.000Z' });
    const before = server.clock.now().getTime();
    expect(await ingest(server.url, ben, appendToChain([backdated], null, sha))).toMatchObject({ ok: true, data: { accepted: 1 } });
    const privacy = await login(server.url, 'privacy.dee');
    const { events } = await must<{ events: { eventId: string; recordedAt: string; detail: Record<string, unknown> }[] }>(server.url, 'audit.list', { userId: ben.userId, limit: 1000 }, privacy.token);
    const shown = events.find((e) => e.eventId === backdated.eventId);
    expect(shown?.recordedAt).toBe('2026-11-01T08:00:00.000Z');
    const receivedAt = Date.parse(String(shown?.detail['ingest.receivedAt']));
    expect(receivedAt).toBeGreaterThanOrEqual(before - 1000);
    expect(receivedAt - Date.parse(backdated.recordedAt)).toBeGreaterThan(24 * 3_600_000);
  }, 60_000);

  it("a stolen access token alone cannot write the device's chain", async () => {
    const ben = await login(server.url, 'rn.ben');
    const chain = appendToChain([event(ben, asUser(ben.userId))], null, sha);
    await ingest(server.url, ben, chain);
    const next = appendToChain([event(ben, asUser(ben.userId))], { seq: 1, hash: chain[0]?.hash ?? '' }, sha);
    const thief = { ...ben, deviceKey: generateDeviceKeyPair() };
    expect(await call(server.url, 'audit.ingest', ingestInput(thief, next), ben.token)).toMatchObject({ ok: false, status: 401 });
    expect(await call(server.url, 'audit.ingest', { deviceId: ben.deviceId, events: next }, ben.token)).toMatchObject({ ok: false, status: 400 });
    expect(await head(ben.deviceId)).toMatchObject({ seq: 1, hash: chain[0]?.hash });
    expect((await findings(ben.deviceId)).map((f) => f.kind)).toEqual(['ingest-signature-invalid']);
  }, 60_000);
});

describe('devices are enrolled, not named', () => {
  it("another user with a workstation's enrolled device id but not its key is refused; that device's chain head is unchanged", async () => {
    const ward = await login(server.url, 'rn.ben');
    const chain: ChainedAuditEvent[] = appendToChain([event(ward, asUser(ward.userId))], null, sha);
    await ingest(server.url, ward, chain);
    const headBefore = await head(ward.deviceId);
    const intruderKey = generateDeviceKeyPair();
    // Offering a key of its own for the enrolled id, and signing with it.
    const offered = await call(server.url, 'auth.login', await loginInput(server.url, 'billing.cy', ward.deviceId, 'lantern-demo', intruderKey));
    // Not offering a key: the proof is checked against the enrolled key and fails.
    const { devicePublicKey: _omit, ...silent } = await loginInput(server.url, 'billing.cy', ward.deviceId, 'lantern-demo', intruderKey);
    const unoffered = await call(server.url, 'auth.login', silent);
    for (const r of [offered, unoffered]) {
      expect(r).toMatchObject({ ok: false, status: 401, error: { data: { lanternCode: 'UNAUTHENTICATED' } } });
      if (!r.ok) expect(r.error.message).not.toMatch(/mismatch|thumbprint|different/i);
      // Marked as the device's refusal, so the workstation does not tell the clinician "wrong password".
      if (!r.ok) expect(r.error.data?.issues?.map((i) => i.path)).toEqual(['deviceId']);
    }
    // One answer whatever went wrong, so a caller learns nothing about the enrolled key.
    expect(offered.ok || unoffered.ok ? null : offered.error.message).toBe(unoffered.ok ? undefined : unoffered.error.message);
    expect(await head(ward.deviceId)).toEqual(headBefore);
    expect((await findings(ward.deviceId)).map((f) => f.kind)).toEqual(['device-key-mismatch', 'device-proof-invalid']);
    // The real workstation still signs in with its key.
    await login(server.url, 'dr.ada', ward.deviceId);
  }, 60_000);

  it('two sign-ins racing to enrol one new device id with different keys: exactly one key is enrolled', async () => {
    const deviceId = randomUUID();
    const [k1, k2] = [generateDeviceKeyPair(), generateDeviceKeyPair()];
    const inputs = await Promise.all([loginInput(server.url, 'rn.ben', deviceId, 'lantern-demo', k1), loginInput(server.url, 'dr.ada', deviceId, 'lantern-demo', k2)]);
    const results = await Promise.all(inputs.map((i) => call(server.url, 'auth.login', i)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const row = await server.asOwner((c) => c.query('SELECT public_key FROM devices WHERE id = $1', [deviceId]));
    const winner = results[0]?.ok === true ? k1 : k2;
    expect(row.rows).toEqual([{ public_key: winner.publicKey.x }]);
  }, 60_000);

  it('a device registered before enrolment existed adopts the key of its next sign-in, and only that key', async () => {
    const deviceId = randomUUID();
    await server.asOwner((c) => c.query('INSERT INTO devices (id, label) VALUES ($1, $2)', [deviceId, 'from before enrolment']));
    const first = generateDeviceKeyPair();
    await must(server.url, 'auth.login', await loginInput(server.url, 'rn.ben', deviceId, 'lantern-demo', first));
    expect(await call(server.url, 'auth.login', await loginInput(server.url, 'privacy.dee', deviceId, 'lantern-demo', generateDeviceKeyPair()))).toMatchObject({ ok: false, status: 401 });
    await must(server.url, 'auth.login', await loginInput(server.url, 'dr.ada', deviceId, 'lantern-demo', first));
  }, 60_000);

  it('a nonce is single-use and bound to the device it was issued for', async () => {
    const deviceId = randomUUID();
    const input = await loginInput(server.url, 'rn.ben', deviceId, 'lantern-demo');
    await must(server.url, 'auth.login', input);
    expect(await call(server.url, 'auth.login', input)).toMatchObject({ ok: false, status: 401 });
    const other = randomUUID();
    const key = generateDeviceKeyPair();
    const nonce = await challenge(server.url, deviceId);
    const proof = key.sign(proofString({ purpose: 'login', deviceId: other, nonce, subject: 'billing.cy' }));
    expect(await call(server.url, 'auth.login', { username: 'billing.cy', password: 'lantern-demo', deviceId: other, devicePublicKey: key.publicKey, nonce, proof })).toMatchObject({ ok: false, status: 401 });
  }, 60_000);

  it('refresh without a proof fails; with a proof by another key it fails and the token stays usable by the device', async () => {
    const s = await login(server.url, 'rn.ben');
    expect(await call(server.url, 'auth.refresh', { refreshToken: s.refreshToken })).toMatchObject({ ok: false, status: 400 });
    const nonce = await challenge(server.url, s.deviceId);
    const forged = generateDeviceKeyPair().sign(proofString({ purpose: 'refresh', deviceId: s.deviceId, nonce, subject: refreshSubject(s.refreshToken) }));
    expect(await call(server.url, 'auth.refresh', { refreshToken: s.refreshToken, deviceId: s.deviceId, nonce, proof: forged })).toMatchObject({ ok: false, status: 401 });
    // Another enrolled device presenting this device's refresh token with its own proof: refused too.
    const other = await login(server.url, 'rn.ben');
    expect(await refresh(server.url, { ...other, refreshToken: s.refreshToken })).toMatchObject({ ok: false, status: 401 });
    const ok = await refresh(server.url, s);
    expect(ok).toMatchObject({ ok: true });
    if (ok.ok) await must(server.url, 'auth.me', undefined, ok.data.accessToken);
  }, 60_000);

  it("access tokens carry the device key's thumbprint", async () => {
    const s = await login(server.url, 'dr.ada');
    const payload = JSON.parse(Buffer.from(s.token.split('.')[1] ?? '', 'base64url').toString()) as { did: string; cnf: { jkt: string } };
    expect(payload.did).toBe(s.deviceId);
    const admin = await login(server.url, 'admin.eve');
    const devices = await must<{ id: string; keyThumbprint: string | null }[]>(server.url, 'admin.listDevices', undefined, admin.token);
    expect(payload.cnf.jkt).toBe(devices.find((d) => d.id === s.deviceId)?.keyThumbprint);
  }, 60_000);

  it("revoking a device stops its access token on the next call, its refresh token, its ingest and its sign-in; the revocation is audited", async () => {
    const s = await login(server.url, 'dr.ada');
    const admin = await login(server.url, 'admin.eve');
    const fhir = async () => (await fetch(`${server.url}/fhir/R4/Patient?_count=1`, { headers: { authorization: `Bearer ${s.token}` } })).status;
    await must(server.url, 'auth.me', undefined, s.token);
    expect(await fhir()).toBe(200);
    await must(server.url, 'admin.setDeviceActive', { deviceId: s.deviceId, active: false }, admin.token);
    expect(await call(server.url, 'auth.me', undefined, s.token)).toMatchObject({ ok: false, status: 401 });
    expect(await fhir()).toBe(401);
    expect(await call(server.url, 'sync.pull', { cursor: null, limit: 10 }, s.token)).toMatchObject({ ok: false, status: 401 });
    expect(await ingest(server.url, s, appendToChain([event(s, asUser(s.userId))], null, sha))).toMatchObject({ ok: false, status: 401 });
    expect(await refresh(server.url, s)).toMatchObject({ ok: false, status: 401 });
    expect(await call(server.url, 'auth.login', await loginInput(server.url, 'dr.ada', s.deviceId, 'lantern-demo'))).toMatchObject({ ok: false, status: 401 });
    const audited = await server.asOwner((c) => c.query("SELECT user_id FROM audit.events WHERE action = 'resource-update' AND detail->>'op' = 'revoke' AND detail->>'deviceId' = $1", [s.deviceId]));
    expect(audited.rows).toEqual([{ user_id: admin.userId }]);
    const devices = await must<{ id: string; active: boolean; revokedAt: string | null }[]>(server.url, 'admin.listDevices', undefined, admin.token);
    expect(devices.find((d) => d.id === s.deviceId)).toMatchObject({ active: false, revokedAt: expect.any(String) });
  }, 60_000);
});
