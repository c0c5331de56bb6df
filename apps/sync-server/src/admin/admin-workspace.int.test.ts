/**
 * The administrator's workspace on a real server: accounts (create with units, deactivate at once,
 * reset password, lift a lockout), care teams and who can see a patient, devices (remote wipe),
 * and the workstation policy delivered on sync. Every action is audited; none shows a chart.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPatients } from '../testing/fixtures.ts';
import { call, login, loginInput, must, startTestPostgres, startTestServer, type Session, type TestPostgres, type TestServer } from '../testing/harness.ts';

let pg: TestPostgres;
let server: TestServer;
let eve: Session;
let pats: Awaited<ReturnType<typeof demoPatients>>;

type DirUser = { id: string; username: string; units: string[]; active: boolean; lockedAt: string | null; mustChangePassword: boolean; lastSignInAt: string | null; devices: { deviceId: string }[] };

beforeAll(async () => {
  pg = await startTestPostgres();
  server = await startTestServer(pg, { demo: true, demoPatients: 105, demoHeavyPatient: false, signInThrottle: { lockoutAfter: 3, accountBackoffAfter: 100, addressBackoffAfter: 1000 } });
  pats = await demoPatients(server);
  eve = await login(server.url, 'admin.eve');
}, 120_000);
afterAll(async () => {
  await server?.close();
  await pg?.stop();
});

const adminEvents = async (op: string) => server.asOwner(async (c) => (await c.query("SELECT count(*)::int AS n FROM audit.events WHERE user_id = $1 AND detail->>'op' = $2", [eve.userId, op])).rows[0].n as number);

describe('users', () => {
  it('creates a user with a role and units; the directory shows units, last sign-in and devices', async () => {
    const made = await must<{ id: string }>(server.url, 'admin.createUser', { username: 'rn.new', password: 'a-new-nurse-password', role: 'nurse', units: ['WARD-4B', 'ICU'] }, eve.token);
    await login(server.url, 'rn.new', 'ws-rn-new', 'a-new-nurse-password');
    const dir = await must<DirUser[]>(server.url, 'admin.users', { search: 'rn.new' }, eve.token);
    expect(dir).toHaveLength(1);
    expect(dir[0]).toMatchObject({ id: made.id, units: ['ICU', 'WARD-4B'], active: true, devices: [{ deviceId: 'ws-rn-new' }] });
    expect(dir[0]?.lastSignInAt).not.toBeNull();
    expect(await adminEvents('create')).toBeGreaterThan(0);
  });

  it('deactivating a user ends their open session at once', async () => {
    const ben = await login(server.url, 'rn.ben');
    expect((await call(server.url, 'sync.scope', undefined, ben.token)).ok).toBe(true);
    await must(server.url, 'admin.setUserActive', { userId: ben.userId, active: false }, eve.token);
    expect(await call(server.url, 'sync.scope', undefined, ben.token)).toMatchObject({ ok: false, status: 401 });
    await must(server.url, 'admin.setUserActive', { userId: ben.userId, active: true }, eve.token);
  });

  it('a reset password works, the old one does not, and the user must change it', async () => {
    const u = (await must<DirUser[]>(server.url, 'admin.users', { search: 'rn.new' }, eve.token))[0] as DirUser;
    await must(server.url, 'admin.resetPassword', { userId: u.id, temporaryPassword: 'temporary-password-1' }, eve.token);
    expect((await call(server.url, 'auth.login', await loginInput(server.url, 'rn.new', 'ws-rn-new', 'a-new-nurse-password'))).ok).toBe(false);
    const s = await login(server.url, 'rn.new', 'ws-rn-new', 'temporary-password-1');
    const r = await must<{ mustChangePassword: boolean }>(server.url, 'workstation.report', { appVersion: '1.0.0', kbVersion: 'kb-1', pendingCount: 0 }, s.token);
    expect(r.mustChangePassword).toBe(true);
    expect((await must<DirUser[]>(server.url, 'admin.users', { search: 'rn.new' }, eve.token))[0]?.mustChangePassword).toBe(true);

    // Until they set their own, everything else is refused with a typed error the workstation acts on.
    const refused = await call<never>(server.url, 'sync.scope', undefined, s.token);
    expect(refused).toMatchObject({ ok: false, status: 403 });
    expect(JSON.stringify(refused)).toContain('mustChangePassword');
    // The FHIR API applies the same rule to the same token: an OperationOutcome, not data.
    const fhir = await fetch(`${server.url}/fhir/R4/Patient?_count=1`, { headers: { authorization: `Bearer ${s.token}`, accept: 'application/fhir+json' } });
    expect(fhir.status).toBe(403);
    expect(await fhir.text()).toMatch(/OperationOutcome.*Set a new password/);
    expect(await call(server.url, 'auth.changePassword', { currentPassword: 'wrong-temporary-pw', newPassword: 'my-own-nurse-password' }, s.token)).toMatchObject({ ok: false, status: 401 });
    expect(await call(server.url, 'auth.changePassword', { currentPassword: 'temporary-password-1', newPassword: 'short' }, s.token)).toMatchObject({ ok: false, status: 400 });
    await must(server.url, 'auth.changePassword', { currentPassword: 'temporary-password-1', newPassword: 'my-own-nurse-password' }, s.token);
    expect((await call(server.url, 'sync.scope', undefined, s.token)).ok).toBe(true);
    expect((await fetch(`${server.url}/fhir/R4/Patient?_count=1`, { headers: { authorization: `Bearer ${s.token}`, accept: 'application/fhir+json' } })).status).toBe(200);
    expect((await must<DirUser[]>(server.url, 'admin.users', { search: 'rn.new' }, eve.token))[0]?.mustChangePassword).toBe(false);
    expect((await call(server.url, 'auth.login', await loginInput(server.url, 'rn.new', 'ws-rn-new', 'temporary-password-1'))).ok).toBe(false);
  });

  it('shows a locked account and lifts the lockout', async () => {
    const dev = randomUUID();
    for (let i = 0; i < 4; i++) await call(server.url, 'auth.login', await loginInput(server.url, 'billing.cy', dev, 'wrong-password-here'));
    const cy = (await must<DirUser[]>(server.url, 'admin.users', { search: 'billing.cy' }, eve.token))[0] as DirUser;
    expect(cy.lockedAt).not.toBeNull();
    expect(await must(server.url, 'admin.unlockUser', { userId: cy.id }, eve.token)).toMatchObject({ wasLocked: true });
    expect((await must<DirUser[]>(server.url, 'admin.users', { search: 'billing.cy' }, eve.token))[0]?.lockedAt).toBeNull();
    await login(server.url, 'billing.cy', dev);
  });
});

describe('care teams', () => {
  it('assigning a patient to a care team shows in who-can-see, and the physician next sync is scoped to it', async () => {
    const pid = pats.outside[0] as string;
    const ada = await login(server.url, 'dr.ada');
    const before = await must<{ userId: string }[]>(server.url, 'admin.whoCanSee', { patientId: pid }, eve.token);
    expect(before.some((u) => u.userId === ada.userId)).toBe(false);
    await must(server.url, 'admin.assignCareTeam', { userId: ada.userId, patientId: pid, assigned: true }, eve.token);
    const after = await must<{ userId: string; reasons: { kind: string }[] }[]>(server.url, 'admin.whoCanSee', { patientId: pid }, eve.token);
    expect(after.find((u) => u.userId === ada.userId)?.reasons).toEqual([{ kind: 'care-team' }]);
    expect((await must<{ careTeam: string[] }>(server.url, 'sync.scope', undefined, ada.token)).careTeam).toContain(pid);
    const unitPatient = pats.unit[0] as string;
    const viaUnit = await must<{ username: string; reasons: { kind: string; unit?: string }[] }[]>(server.url, 'admin.whoCanSee', { patientId: unitPatient }, eve.token);
    expect(viaUnit.find((u) => u.username === 'rn.ben')?.reasons).toEqual([{ kind: 'unit', unit: 'WARD-4B' }]);
  });

  it('finds patients by identifiers only: no clinical fields reach the administrator', async () => {
    const found = await must<Record<string, unknown>[]>(server.url, 'admin.findPatients', { text: '19' }, eve.token);
    for (const f of found) expect(Object.keys(f).sort()).toEqual(['birthDate', 'mrn', 'name', 'patientId']);
  });
});

describe('devices and workstation policy', () => {
  it('a remote wipe is delivered at next contact; confirming it deactivates the device', async () => {
    const s = await login(server.url, 'rn.ben', 'ws-to-wipe');
    await must(server.url, 'workstation.report', { appVersion: '1.2.3', kbVersion: 'kb-2026.11', pendingCount: 4 }, s.token);
    const listed = (await must<{ deviceId: string; appVersion: string; pendingCount: number; users: string[]; wipe: string }[]>(server.url, 'admin.devices', undefined, eve.token)).find((d) => d.deviceId === 'ws-to-wipe');
    expect(listed).toMatchObject({ appVersion: '1.2.3', pendingCount: 4, users: ['rn.ben'], wipe: 'none' });
    await must(server.url, 'admin.requestWipe', { deviceId: 'ws-to-wipe' }, eve.token);
    // The session stays so the workstation can push its unsynced writes first.
    expect(await must(server.url, 'workstation.report', { appVersion: '1.2.3', kbVersion: 'kb-2026.11', pendingCount: 0 }, s.token)).toMatchObject({ wipe: true });
    expect(await must(server.url, 'workstation.confirmWipe', { keptUnsynced: 0 }, s.token)).toEqual({ wiped: true });
    expect(await call(server.url, 'sync.scope', undefined, s.token)).toMatchObject({ ok: false, status: 401 });
    const done = (await must<{ deviceId: string; wipe: string; active: boolean }[]>(server.url, 'admin.devices', undefined, eve.token)).find((d) => d.deviceId === 'ws-to-wipe');
    expect(done).toMatchObject({ wipe: 'done', active: false });
    expect(await adminEvents('request-wipe')).toBe(1);
  });

  it('a policy set centrally reaches the workstation on its next sync, marked as set by the organisation', async () => {
    await must(server.url, 'admin.setPolicy', { autoLockMinutes: 5, offlineGrantHours: 24, syncIntervalSeconds: 60, cdsSuppressionHours: 12 }, eve.token);
    const s = await login(server.url, 'dr.ada');
    const r = await must<{ policy: Record<string, unknown> }>(server.url, 'workstation.report', { appVersion: '1.0.0', kbVersion: 'kb', pendingCount: 0 }, s.token);
    expect(r.policy).toMatchObject({ autoLockMinutes: 5, offlineGrantHours: 24, syncIntervalSeconds: 60, cdsSuppressionHours: 12, setByOrganisation: true });
    expect(await call(server.url, 'admin.setPolicy', { autoLockMinutes: 0, offlineGrantHours: 24, syncIntervalSeconds: 60, cdsSuppressionHours: 12 }, eve.token)).toMatchObject({ ok: false, status: 400 });
  });
});
