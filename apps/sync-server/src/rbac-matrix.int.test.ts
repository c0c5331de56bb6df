/**
 * The RBAC matrix, over real HTTP against the real server: every tRPC procedure (enumerated from
 * the app router) and every FHIR interaction (enumerated from the FHIR routing table x the type
 * registry), for every role and every relation to the patient (care team, unit, none,
 * break-glass), asserts the exact allow/deny that core's policy gives, and that every allowed
 * access to PHI left an audit event. A procedure or route without an entry in the tables below
 * fails the test: a new route must say who may call it.
 *
 * One server, one session per role, relations seeded once: four patients outside every demo
 * assignment get, for every test user, a care-team link, a unit link, nothing, and an active
 * break-glass grant respectively.
 */
import { randomUUID } from 'node:crypto';
import { decideAccess, ROLES, type Action, type PolicyResourceType, type PushOutput, type Role } from '@lantern/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FHIR_TYPES, isSharedType, supports, type TypeInteraction } from './fhir/registry.ts';
import { ROUTES } from './fhir/routes.ts';
import { fhirFetch, type FhirResponse } from './fhir/test-support.ts';
import { appRouter } from './router.ts';
import { call, login, must, startTestPostgres, startTestServer, type Session, type TestPostgres, type TestServer } from './testing/harness.ts';
import { demoPatients, mutation, observation, type Json } from './testing/fixtures.ts';
import { fixtureFor } from './testing/rbac-fixtures.ts';

const RELATIONS = ['care-team', 'unit', 'none', 'break-glass'] as const;
type Rel = (typeof RELATIONS)[number];
const USERS: Record<Role, string> = { physician: 'dr.ada', nurse: 'rn.ben', billing: 'billing.cy', privacy_officer: 'privacy.dee', admin: 'admin.eve', registrar: 'reg.fay' };
const UNIT = 'RBAC-MATRIX';

/** What core's policy says about one request. */
function policy(role: Role, resourceType: string, action: Action, rel: Rel): boolean {
  return decideAccess({ role, resourceType, action, relation: rel === 'break-glass' ? 'none' : rel, breakGlass: rel === 'break-glass' }).allowed;
}

let pg: TestPostgres;
let server: TestServer;
let fhir: string;
const sessions = new Map<Role, Session>();
let adminS: Session;
let seeder: Session;
/** The patient standing in each relation to every test user. */
const patientOf = {} as Record<Rel, string>;
/** Per relation and type: a resource to read/update and one to delete. */
const seeded = new Map<string, { id: string; victim: string }>();
let throwawayUser = '';
let breakGlassPatient = '';
const seedKey = (rel: Rel, type: string) => `${rel}/${type}`;

async function seed(): Promise<void> {
  const outside = (await demoPatients(server)).outside;
  if (outside.length < 5) throw new Error(`the demo needs at least 5 unassigned patients, has ${outside.length}`);
  RELATIONS.forEach((rel, i) => (patientOf[rel] = outside[i] as string));
  breakGlassPatient = outside[4] as string;
  adminS = await login(server.url, 'admin.eve');
  const created = await must<{ id: string }>(server.url, 'admin.createUser', { username: 'rbac.seeder', password: 'rbac-seeder-password', role: 'physician' }, adminS.token);
  throwawayUser = (await must<{ id: string }>(server.url, 'admin.createUser', { username: 'rbac.throwaway', password: 'rbac-throwaway-password', role: 'nurse' }, adminS.token)).id;
  const ids = await server.asOwner(async (c) => (await c.query('SELECT id, username FROM users WHERE username = ANY($1)', [Object.values(USERS)])).rows as { id: string; username: string }[]);
  const now = server.clock.now();
  await server.asOwner(async (c) => {
    for (const { id } of ids) {
      await c.query('INSERT INTO care_team (patient_id, user_id) VALUES ($1, $2)', [patientOf['care-team'], id]);
      await c.query('INSERT INTO user_units (user_id, unit) VALUES ($1, $2) ON CONFLICT DO NOTHING', [id, UNIT]);
      await c.query("INSERT INTO break_glass_grants (id, patient_id, user_id, device_id, reason, granted_at, expires_at) VALUES ($1, $2, $3, NULL, 'rbac matrix test grant', $4, $5)",
        [randomUUID(), patientOf['break-glass'], id, new Date(now.getTime() - 60_000), new Date(now.getTime() + 24 * 3_600_000)]);
    }
    await c.query('INSERT INTO patient_units (patient_id, unit) VALUES ($1, $2)', [patientOf.unit, UNIT]);
    for (const rel of RELATIONS) await c.query('INSERT INTO care_team (patient_id, user_id) VALUES ($1, $2)', [patientOf[rel], created.id]);
  });
  seeder = await login(server.url, 'rbac.seeder', randomUUID(), 'rbac-seeder-password');
  for (const role of ROLES) sessions.set(role, await login(server.url, USERS[role]));
  // One resource of every type per relation patient (and a second one to delete), written by a physician on their care team.
  for (const rel of RELATIONS) {
    const pid = patientOf[rel];
    const obs = await fhirFetch(fhir, '/Observation', { method: 'POST', token: seeder.token, body: { ...observation(pid, 'x', 70), id: undefined } });
    expect(obs.status, 'seed Observation').toBe(201);
    for (const t of FHIR_TYPES) {
      if (t.type === 'Patient') {
        seeded.set(seedKey(rel, t.type), { id: pid, victim: pid });
        continue;
      }
      const ids2: string[] = [];
      for (let n = 0; n < 2; n++) {
        const token = isSharedType(t.type) ? adminS.token : seeder.token;
        const r = await fhirFetch(fhir, `/${t.type}`, { method: 'POST', token, body: fixtureFor(t.type, pid, `Observation/${String(obs.body?.['id'])}`) });
        expect(r.status, `seed ${t.type}: ${r.text.slice(0, 300)}`).toBe(201);
        ids2.push(String(r.body?.['id']));
      }
      seeded.set(seedKey(rel, t.type), { id: ids2[0] as string, victim: ids2[1] as string });
    }
  }
}

beforeAll(async () => {
  pg = await startTestPostgres();
  server = await startTestServer(pg, { demo: true, demoPatients: 60, demoHeavyPatient: false });
  fhir = `${server.url}/fhir/R4`;
  await seed();
}, 300_000);
afterAll(async () => {
  await server?.close();
  await pg?.stop();
});

// ---------------------------------------------------------------------------------------------
// tRPC: one entry per procedure.

type TrpcRule =
  /** Callable without signing in (sign-in itself): never refused for lack of a role. */
  | { kind: 'public' }
  /** Any signed-in user, whatever the role (their own session, device or scope). */
  | { kind: 'signed-in' }
  /** Decided by the policy on a system type (relation does not apply). */
  | { kind: 'policy'; resourceType: PolicyResourceType; action: Action }
  /** Decided per patient: `allowed(role, rel)`; `phi`: an allowed call is a PHI access to audit. */
  | { kind: 'patient'; allowed: (role: Role, rel: Rel) => boolean }
  /**
   * Integration and HIM procedures whose role checks are exercised, role by role, in their own
   * integration test (named here); listed so this matrix stays complete and a new procedure fails it.
   */
  | { kind: 'own-test'; where: string };

interface TrpcEntry {
  rule: TrpcRule;
  input: (role: Role, rel: Rel) => unknown;
  /** Needs its own session (it ends or changes the one it runs in). */
  fresh?: boolean;
  /** The audit action an allowed call must leave (PHI and audit-log access). */
  audit?: string;
}

const TRPC: Record<string, TrpcEntry> = {
  'auth.login': { rule: { kind: 'public' }, input: () => ({ username: 'rbac.nobody', password: 'not-the-password', deviceId: randomUUID() }) },
  'auth.challenge': { rule: { kind: 'public' }, input: () => ({ deviceId: randomUUID() }) },
  'auth.refresh': { rule: { kind: 'public' }, input: () => ({ refreshToken: 'not-a-token' }) },
  'auth.offlinePublicKey': { rule: { kind: 'public' }, input: () => undefined },
  'auth.logout': { rule: { kind: 'signed-in' }, input: () => undefined, fresh: true },
  'auth.registerDevice': { rule: { kind: 'signed-in' }, input: () => ({ label: 'rbac matrix' }) },
  'auth.registerSigningKey': { rule: { kind: 'signed-in' }, input: () => ({}) },
  'auth.me': { rule: { kind: 'signed-in' }, input: () => undefined },
  'sync.pull': { rule: { kind: 'signed-in' }, input: () => ({ cursor: null, limit: 1 }) },
  'sync.resolveConflict': { rule: { kind: 'signed-in' }, input: () => ({ conflictId: randomUUID() }) },
  'sync.scope': { rule: { kind: 'signed-in' }, input: () => undefined },
  'sync.conflicts': { rule: { kind: 'signed-in' }, input: () => undefined },
  'audit.ingest': { rule: { kind: 'signed-in' }, input: () => ({}) },
  'audit.deviceHead': { rule: { kind: 'signed-in' }, input: () => undefined },
  'access.myGrants': { rule: { kind: 'signed-in' }, input: () => undefined },
  'access.breakGlass': {
    rule: { kind: 'patient', allowed: (role) => policy(role, 'Patient', 'read', 'break-glass') },
    input: () => ({ patientId: breakGlassPatient, reason: 'rbac matrix: emergency access check' }),
    audit: 'break-glass',
  },
  // Per mutation, an Observation charted for the relation's patient: decided by the write policy.
  'sync.push': { rule: { kind: 'patient', allowed: (role, rel) => policy(role, 'Observation', 'create', rel) }, input: () => null, audit: 'resource-create' },
  'audit.list': { rule: { kind: 'policy', resourceType: 'AuditEvent', action: 'search' }, input: () => ({ limit: 1 }), audit: 'search' },
  'audit.breakGlassReview': { rule: { kind: 'policy', resourceType: 'AuditEvent', action: 'search' }, input: () => ({ unreviewedOnly: true }), audit: 'search' },
  'audit.markReviewed': { rule: { kind: 'policy', resourceType: 'AuditEvent', action: 'read' }, input: () => ({ grantId: randomUUID() }) },
  'audit.verify': { rule: { kind: 'policy', resourceType: 'AuditEvent', action: 'read' }, input: () => undefined },
  'admin.listUsers': { rule: { kind: 'policy', resourceType: 'User', action: 'update' }, input: () => undefined },
  'admin.createUser': { rule: { kind: 'policy', resourceType: 'User', action: 'update' }, input: (role) => ({ username: `rbac.made-by-${role.replace('_', '-')}`, password: 'rbac-made-password', role: 'nurse' }) },
  'admin.setUserActive': { rule: { kind: 'policy', resourceType: 'User', action: 'update' }, input: () => ({ userId: throwawayUser, active: true }) },
  'admin.unlockUser': { rule: { kind: 'policy', resourceType: 'User', action: 'update' }, input: () => ({ userId: throwawayUser }) },
  'admin.listDevices': { rule: { kind: 'policy', resourceType: 'User', action: 'update' }, input: () => undefined },
  'admin.setDeviceActive': { rule: { kind: 'policy', resourceType: 'User', action: 'update' }, input: () => ({ deviceId: 'rbac-matrix-no-such-device', active: true }) },
  'admin.assignCareTeam': { rule: { kind: 'policy', resourceType: 'User', action: 'update' }, input: () => ({ userId: throwawayUser, patientId: breakGlassPatient, assigned: false }) },
  'admin.assignUnit': { rule: { kind: 'policy', resourceType: 'User', action: 'update' }, input: () => ({ userId: throwawayUser, unit: 'RBAC-NOWHERE', assigned: false }) },
  'admin.users': { rule: { kind: 'policy', resourceType: 'User', action: 'update' }, input: () => ({ search: 'rbac' }) },
  'admin.resetPassword': { rule: { kind: 'policy', resourceType: 'User', action: 'update' }, input: () => ({ userId: throwawayUser, temporaryPassword: 'rbac-temporary-password' }) },
  'admin.setStaffIdentity': { rule: { kind: 'policy', resourceType: 'User', action: 'update' }, input: () => ({ userId: throwawayUser, familyName: null, homeAddress: null }) },
  'admin.findPatients': { rule: { kind: 'policy', resourceType: 'User', action: 'update' }, input: () => ({ text: 'zz-no-such-patient' }), audit: 'search' },
  'admin.whoCanSee': { rule: { kind: 'policy', resourceType: 'User', action: 'update' }, input: () => ({ patientId: breakGlassPatient }), audit: 'search' },
  'admin.units': { rule: { kind: 'policy', resourceType: 'User', action: 'update' }, input: () => undefined },
  'admin.devices': { rule: { kind: 'policy', resourceType: 'User', action: 'update' }, input: () => undefined },
  'admin.requestWipe': { rule: { kind: 'policy', resourceType: 'User', action: 'update' }, input: () => ({ deviceId: 'rbac-matrix-no-such-device' }) },
  'admin.policy': { rule: { kind: 'policy', resourceType: 'User', action: 'update' }, input: () => undefined },
  'admin.setPolicy': { rule: { kind: 'policy', resourceType: 'User', action: 'update' }, input: () => ({ autoLockMinutes: 10, offlineGrantHours: 72, syncIntervalSeconds: 30, cdsSuppressionHours: 24 }) },
  'workstation.report': { rule: { kind: 'signed-in' }, input: () => ({ appVersion: 'rbac', kbVersion: 'rbac', pendingCount: 0 }) },
  'workstation.confirmWipe': { rule: { kind: 'signed-in' }, input: () => ({ keptUnsynced: 0 }) },
  // Provisional MRN ranges: to roles that may register a patient on their care team.
  // The HIM duplicate queue: to roles that may merge patient records (core canMergePatients).
  'registration.duplicates': { rule: { kind: 'patient', allowed: (role) => policy(role, 'Patient', 'search', 'none') && policy(role, 'Patient', 'update', 'care-team') }, input: () => ({ limit: 1 }), audit: 'search' },
  'registration.markNotDuplicate': { rule: { kind: 'patient', allowed: (role) => policy(role, 'Patient', 'search', 'none') && policy(role, 'Patient', 'update', 'care-team') }, input: () => ({ reviewId: randomUUID() }) },
  'registration.allocateMrnRange': { rule: { kind: 'patient', allowed: (role) => policy(role, 'Patient', 'create', 'care-team') }, input: () => undefined },
  'privacy.findPatients': { rule: { kind: 'policy', resourceType: 'AuditEvent', action: 'search' }, input: () => ({ text: 'zz-no-such-patient' }), audit: 'search' },
  'privacy.users': { rule: { kind: 'policy', resourceType: 'AuditEvent', action: 'search' }, input: () => undefined },
  'privacy.patientAccess': { rule: { kind: 'policy', resourceType: 'AuditEvent', action: 'search' }, input: () => ({ patientId: breakGlassPatient, from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z', limit: 1 }), audit: 'search' },
  'privacy.userActivity': { rule: { kind: 'policy', resourceType: 'AuditEvent', action: 'search' }, input: () => ({ userId: throwawayUser, from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z', limit: 1 }), audit: 'search' },
  'privacy.exportAccess': { rule: { kind: 'policy', resourceType: 'AuditEvent', action: 'search' }, input: () => ({ subject: { kind: 'user', userId: throwawayUser }, format: 'csv', from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z', limit: 1 }), audit: 'export' },
  'privacy.breakGlassQueue': { rule: { kind: 'policy', resourceType: 'AuditEvent', action: 'search' }, input: () => ({ status: 'open', search: 'zz-none' }), audit: 'search' },
  'privacy.reviewBreakGlass': { rule: { kind: 'policy', resourceType: 'AuditEvent', action: 'read' }, input: () => ({ grantId: randomUUID(), outcome: 'appropriate', note: 'rbac matrix review' }) },
  'privacy.alerts': { rule: { kind: 'policy', resourceType: 'AuditEvent', action: 'search' }, input: () => ({ status: 'open', kind: 'after-hours' }), audit: 'search' },
  'privacy.acknowledgeAlert': { rule: { kind: 'policy', resourceType: 'AuditEvent', action: 'read' }, input: () => ({ alertId: randomUUID(), note: 'rbac matrix acknowledgement' }) },
  'privacy.setRestricted': { rule: { kind: 'policy', resourceType: 'AuditEvent', action: 'read' }, input: () => ({ patientId: breakGlassPatient, kind: null }) },
  'privacy.integrity': { rule: { kind: 'policy', resourceType: 'AuditEvent', action: 'read' }, input: () => undefined },
  'privacy.owedPurges': { rule: { kind: 'policy', resourceType: 'AuditEvent', action: 'search' }, input: () => ({ olderThanDays: 7 }), audit: 'search' },
  'privacy.overrideRates': { rule: { kind: 'policy', resourceType: 'AuditEvent', action: 'search' }, input: () => ({ from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' }), audit: 'search' },
  'auth.changePassword': { rule: { kind: 'own-test', where: 'admin/admin-workspace.int.test.ts' }, input: () => undefined },
  'deid.export': { rule: { kind: 'own-test', where: 'deid/deid.int.test.ts' }, input: () => undefined },
  'deid.file': { rule: { kind: 'own-test', where: 'deid/deid.int.test.ts' }, input: () => undefined },
  'hl7.discard': { rule: { kind: 'own-test', where: 'hl7v2/hl7v2.int.test.ts' }, input: () => undefined },
  'hl7.interfaces': { rule: { kind: 'own-test', where: 'hl7v2/hl7v2.int.test.ts' }, input: () => undefined },
  'hl7.message': { rule: { kind: 'own-test', where: 'hl7v2/hl7v2.int.test.ts' }, input: () => undefined },
  'hl7.outbound': { rule: { kind: 'own-test', where: 'hl7v2/hl7-outbound.int.test.ts' }, input: () => undefined },
  'hl7.queue': { rule: { kind: 'own-test', where: 'hl7v2/hl7v2.int.test.ts' }, input: () => undefined },
  'hl7.registerInterface': { rule: { kind: 'own-test', where: 'hl7v2/hl7v2.int.test.ts' }, input: () => undefined },
  'hl7.replay': { rule: { kind: 'own-test', where: 'hl7v2/hl7v2.int.test.ts' }, input: () => undefined },
  'registration.matchThresholds': { rule: { kind: 'own-test', where: 'registration (desktop match-thresholds.int.test.ts)' }, input: () => undefined },
  'registration.merge': { rule: { kind: 'own-test', where: 'merge/merge.int.test.ts' }, input: () => undefined },
  'registration.merges': { rule: { kind: 'own-test', where: 'merge/merge.int.test.ts' }, input: () => undefined },
  'registration.unmerge': { rule: { kind: 'own-test', where: 'merge/merge.int.test.ts' }, input: () => undefined },
  'smart.createLaunch': { rule: { kind: 'own-test', where: 'smart/smart-launch.int.test.ts' }, input: () => undefined },
  'smart.launchableApps': { rule: { kind: 'own-test', where: 'smart/smart-launch.int.test.ts' }, input: () => undefined },
  'smart.listClients': { rule: { kind: 'own-test', where: 'smart/backend-services.int.test.ts' }, input: () => undefined },
  'smart.registerClient': { rule: { kind: 'own-test', where: 'smart/backend-services.int.test.ts' }, input: () => undefined },
  'smart.setClientActive': { rule: { kind: 'own-test', where: 'smart/backend-services.int.test.ts' }, input: () => undefined },
  'updates.list': { rule: { kind: 'own-test', where: 'updates/updates.int.test.ts' }, input: () => undefined },
  'updates.setRollout': { rule: { kind: 'own-test', where: 'updates/updates.int.test.ts' }, input: () => undefined },
  'subscriptions.deliveries': { rule: { kind: 'own-test', where: 'subscriptions/subscriptions.int.test.ts' }, input: () => undefined },
  'subscriptions.list': { rule: { kind: 'own-test', where: 'subscriptions/subscriptions.int.test.ts' }, input: () => undefined },
  'subscriptions.registerClient': { rule: { kind: 'own-test', where: 'subscriptions/subscriptions.int.test.ts' }, input: () => undefined },
  'subscriptions.retry': { rule: { kind: 'own-test', where: 'subscriptions/subscriptions.int.test.ts' }, input: () => undefined },
};

/** Successful audit events per `userId|action`. */
async function successEvents(): Promise<Map<string, number>> {
  const rows = await server.asOwner(async (c) => (await c.query("SELECT user_id, action, count(*)::int AS n FROM audit.events WHERE outcome = 'success' GROUP BY 1, 2")).rows as { user_id: string; action: string; n: number }[]);
  return new Map(rows.map((r) => [`${r.user_id}|${r.action}`, r.n]));
}

const procedures = (): string[] => Object.keys((appRouter as unknown as { _def: { procedures: Record<string, unknown> } })._def.procedures).sort();

/** Refused for lack of a role or relation (403), as opposed to anything past authorization. */
const forbidden = (r: { ok: boolean; status: number; error?: { data?: { lanternCode?: string } } }): boolean => !r.ok && (r.status === 403 || r.error?.data?.lanternCode === 'FORBIDDEN');

describe('RBAC matrix: tRPC', () => {
  it('every procedure of the app router has an entry, and every entry a procedure', () => {
    expect(Object.keys(TRPC).sort()).toEqual(procedures());
  });

  it('every procedure, for every role and relation, allows or denies exactly as the policy says; allowed PHI and audit access is audited', async () => {
    const failures: string[] = [];
    const before = await successEvents();
    const audited = new Map<string, number>();
    for (const name of procedures()) {
      const e = TRPC[name];
      if (e === undefined) continue; // reported by the test above
      if (e.rule.kind === 'own-test') continue;
      if (e.rule.kind === 'public') {
        const r = await call(server.url, name, e.input('physician', 'none'));
        if (forbidden(r) || (!r.ok && r.status === 401 && r.error.message.includes('Sign in first'))) failures.push(`${name}: public, but refused without a session (${r.status})`);
        continue;
      }
      const anon = await call(server.url, name, e.input('physician', 'none'));
      if (anon.ok || anon.status !== 401) failures.push(`${name}: answered ${anon.status} without a session (expected 401)`);
      for (const role of ROLES) {
        for (const rel of RELATIONS) {
          const rule = e.rule;
          const want = rule.kind === 'signed-in' ? true : rule.kind === 'policy' ? policy(role, rule.resourceType, rule.action, 'none') : rule.allowed(role, rel);
          let got: boolean;
          if (name === 'sync.push') {
            const s = sessions.get(role) as Session;
            const pid = patientOf[rel];
            const out = await must<PushOutput>(server.url, name, { deviceId: s.deviceId, mutations: [mutation(s, { op: 'create', patientId: pid, resource: observation(pid, randomUUID(), 60) })] }, s.token);
            const res = out.results[0];
            got = res?.status === 'applied';
            if (!got && !(res?.status === 'rejected' && res.code === 'FORBIDDEN')) failures.push(`${name} ${role}/${rel}: ${JSON.stringify(res).slice(0, 200)}`);
          } else {
            if (rule.kind !== 'patient' && rel !== 'care-team') continue; // the relation does not apply: decided once per role
            const s = e.fresh === true ? await login(server.url, USERS[role]) : (sessions.get(role) as Session);
            const r = await call(server.url, name, e.input(role, rel), s.token);
            got = !forbidden(r);
            if (!r.ok && (r.status === 401 || r.status >= 500)) failures.push(`${name} ${role}: ${r.status} ${r.error.message}`);
          }
          if (got !== want) failures.push(`${name} ${role}/${rel}: ${got ? 'allowed' : 'denied'}, policy says ${want ? 'allow' : 'deny'}`);
          if (got && e.audit !== undefined) {
            const k = `${(sessions.get(role) as Session).userId}|${e.audit}`;
            audited.set(k, (audited.get(k) ?? 0) + 1);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    const after = await successEvents();
    const short = [...audited].filter(([k, n]) => (after.get(k) ?? 0) - (before.get(k) ?? 0) < n).map(([k, n]) => `${k}: ${(after.get(k) ?? 0) - (before.get(k) ?? 0)} of ${n}`);
    expect(short).toEqual([]);
    expect(audited.size).toBeGreaterThan(3);
  }, 300_000);
});

// ---------------------------------------------------------------------------------------------
// FHIR: one entry per route of the routing table; type-level routes run for every served type.

interface Probe {
  role: Role;
  rel: Rel;
  type: string;
  s: Session;
  pid: string;
  target: { id: string; victim: string };
}
interface FhirOutcome { allowed: boolean; res: FhirResponse }
type AuditWant = { action: 'resource-read' | 'search'; patientId: string | null; type: string };
interface FhirEntry {
  /** Patient-tied per type: the policy's (type, action); null for operations decided elsewhere below. */
  action: Action | null;
  run: (p: Probe) => Promise<FhirOutcome>;
  /** A PHI access that, when allowed, must leave this audit event. */
  audit?: (p: Probe) => AuditWant | null;
}

const ok = (res: FhirResponse, allowedStatus: readonly number[]): FhirOutcome => {
  if (res.status === 403) return { allowed: false, res };
  if (!allowedStatus.includes(res.status)) throw new Error(`unexpected ${res.status}: ${res.text.slice(0, 300)}`);
  return { allowed: true, res };
};
const get = (p: Probe, path: string) => fhirFetch(fhir, path, { token: p.s.token });
const searchQuery = (p: Probe): string => (p.type === 'Patient' || p.type === 'Practitioner' ? `_id=${p.target.id}` : p.type === 'Provenance' ? `_id=${p.target.id}` : `patient=${p.pid}`);
/** The current version and body, as the seeding physician (on every test patient's care team) reads them. */
async function current(type: string, id: string): Promise<{ etag: string | null; body: Json | null }> {
  const r = await fhirFetch(fhir, `/${type}/${id}`, { token: seeder.token });
  return r.status === 200 ? { etag: r.headers.get('etag'), body: r.body } : { etag: null, body: null };
}
const readAudit = (p: Probe): AuditWant => ({ action: 'resource-read', patientId: isSharedType(p.type) ? null : p.pid, type: p.type });
const searchAudit = (p: Probe): AuditWant => ({ action: 'search', patientId: isSharedType(p.type) ? null : p.pid, type: p.type });
/** Searches by `_id` answer 200 to anyone who may search the type at all, filtered per patient. */
const matched = (res: FhirResponse, id: string): boolean => ((res.body?.['entry'] as Json[] | undefined) ?? []).some((x) => String(x['fullUrl']).endsWith(`/${id}`));

const TYPE_ROUTES: Record<TypeInteraction, FhirEntry> = {
  'read': { action: 'read', run: async (p) => ok(await get(p, `/${p.type}/${p.target.id}`), [200]), audit: readAudit },
  'vread': { action: 'read', run: async (p) => ok(await get(p, `/${p.type}/${p.target.id}/_history/1`), [200]), audit: readAudit },
  'history-instance': { action: 'read', run: async (p) => ok(await get(p, `/${p.type}/${p.target.id}/_history`), [200]), audit: readAudit },
  'history-type': {
    action: 'read',
    run: async (p) => {
      const res = await get(p, `/${p.type}/_history?_count=1000`);
      const o = ok(res, [200]);
      return { allowed: o.allowed && matched(res, p.target.id), res };
    },
    audit: searchAudit,
  },
  'search-type': {
    action: 'search',
    run: async (p) => {
      const res = await get(p, `/${p.type}?${searchQuery(p)}`);
      const o = ok(res, [200]);
      return { allowed: o.allowed && matched(res, p.target.id), res };
    },
    audit: searchAudit,
  },
  'create': { action: 'create', run: async (p) => ok(await fhirFetch(fhir, `/${p.type}`, { method: 'POST', token: p.s.token, body: fixtureFor(p.type, p.pid, `Observation/${seeded.get(seedKey(p.rel, 'Observation'))?.id ?? ''}`) }), [201]) },
  'update': {
    action: 'update',
    run: async (p) => {
      const cur = await current(p.type, p.target.id);
      return ok(await fhirFetch(fhir, `/${p.type}/${p.target.id}`, { method: 'PUT', token: p.s.token, body: cur.body, headers: { 'if-match': cur.etag ?? '' } }), [200]);
    },
  },
  'delete': {
    action: 'delete',
    run: async (p) => {
      // Once an allowed role has deleted it, a delete is a no-op (204) that needs no version.
      const cur = await current(p.type, p.target.victim);
      return ok(await fhirFetch(fhir, `/${p.type}/${p.target.victim}`, { method: 'DELETE', token: p.s.token, headers: cur.etag === null ? {} : { 'if-match': cur.etag } }), [204]);
    },
  },
};

/** Routes that are not one type's interaction, keyed `METHOD url`. */
interface OtherRoute {
  expected: (role: Role, rel: Rel) => boolean;
  run: (p: Probe) => Promise<FhirOutcome>;
  audit?: (p: Probe) => AuditWant | null;
  /** Not about one patient: decided once per role. */
  perRole?: boolean;
}
/** Routes whose role checks run in their own integration test (named): listed here for completeness. */
const OWN_TEST_ROUTES: Record<string, string> = {
  'POST /Patient/$merge': 'merge/merge.int.test.ts',
  'POST /Subscription': 'subscriptions/subscriptions.int.test.ts',
  'GET /Subscription': 'subscriptions/subscriptions.int.test.ts',
  'GET /Subscription/:id': 'subscriptions/subscriptions.int.test.ts',
  'DELETE /Subscription/:id': 'subscriptions/subscriptions.int.test.ts',
};
const OTHER_ROUTES: Record<string, OtherRoute> = {
  'POST /': {
    // A transaction is decided entry by entry: here one Observation charted for the patient.
    expected: (role, rel) => policy(role, 'Observation', 'create', rel),
    run: async (p) => ok(await fhirFetch(fhir, '/', { method: 'POST', token: p.s.token, body: { resourceType: 'Bundle', type: 'transaction', entry: [{ resource: { ...observation(p.pid, 'x', 61), id: undefined }, request: { method: 'POST', url: 'Observation' } }] } }), [200]),
  },
  // The MPI match: anyone who may search patients; candidates are filtered per patient like a search.
  'POST /Patient/$match': {
    expected: (role) => policy(role, 'Patient', 'search', 'care-team'),
    run: async (p) => ok(await fhirFetch(fhir, '/Patient/$match', { method: 'POST', token: p.s.token, body: { resourceType: 'Parameters', parameter: [{ name: 'resource', resource: fixtureFor('Patient', p.pid, '') }] } }), [200]),
    audit: () => ({ action: 'search', patientId: null, type: 'Patient' }),
    perRole: true,
  },
  'GET /Patient/:id/$everything': {
    expected: (role, rel) => policy(role, 'Patient', 'read', rel),
    run: async (p) => ok(await get(p, `/Patient/${p.pid}/$everything`), [200]),
    audit: (p) => ({ action: 'resource-read', patientId: p.pid, type: 'Patient' }),
  },
  // Bulk export: kicked off by anyone who may read some exported type on their care team or unit.
  'GET /$export': { expected: (role) => exportAllowed(role), run: (p) => kickoff(p, '/$export'), perRole: true },
  'GET /Patient/$export': { expected: (role) => exportAllowed(role), run: (p) => kickoff(p, '/Patient/$export'), perRole: true },
  'GET /Group/:id/$export': { expected: (role) => exportAllowed(role), run: (p) => kickoff(p, '/Group/my-patients/$export'), perRole: true },
  // Job status, cancel and files belong to the job's owner: anyone else's id is unknown (404), never another's data.
  'GET /$export-status/:job': { expected: () => true, run: async (p) => ok(await get(p, `/$export-status/${randomUUID()}`), [404]), perRole: true },
  'DELETE /$export-status/:job': { expected: () => true, run: async (p) => ok(await fhirFetch(fhir, `/$export-status/${randomUUID()}`, { method: 'DELETE', token: p.s.token }), [404]), perRole: true },
  'GET /$export-file/:job/:file': { expected: () => true, run: async (p) => ok(await get(p, `/$export-file/${randomUUID()}/Patient-1.ndjson`), [404]), perRole: true },
};
/** The kickoffs ask for Patient only: allowed to a role that may read patients on its care team or unit. */
const exportAllowed = (role: Role): boolean => policy(role, 'Patient', 'read', 'care-team') || policy(role, 'Patient', 'read', 'unit');
async function kickoff(p: Probe, path: string): Promise<FhirOutcome> {
  // Patients only: the job stays small; the test reads no files.
  return ok(await fhirFetch(fhir, `${path}?_type=Patient`, { token: p.s.token, headers: { prefer: 'respond-async' } }), [202]);
}

const routeKey = (r: { method: string; url: string }) => `${r.method} ${r.url}`;

describe('RBAC matrix: FHIR', () => {
  it('every route of the routing table has an entry', () => {
    const missing = ROUTES.filter((r) => (r.kind.type === 'type' ? TYPE_ROUTES[r.kind.interaction] === undefined : OTHER_ROUTES[routeKey(r)] === undefined && OWN_TEST_ROUTES[routeKey(r)] === undefined)).map(routeKey);
    expect(missing).toEqual([]);
    const known = new Set(ROUTES.map(routeKey));
    expect([...Object.keys(OTHER_ROUTES), ...Object.keys(OWN_TEST_ROUTES)].filter((k) => !known.has(k))).toEqual([]);
  });

  it('every interaction on every type, for every role and relation, allows or denies exactly as the policy says; allowed PHI access is audited', async () => {
    const failures: string[] = [];
    const audits: { userId: string; want: AuditWant }[] = [];
    const typeRoutes = ROUTES.filter((r) => r.kind.type === 'type');
    // Deletes last: they remove the second seeded resource.
    const order = [...typeRoutes].sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'));
    for (const role of ROLES) {
      const s = sessions.get(role) as Session;
      await Promise.all(RELATIONS.map(async (rel) => {
        const pid = patientOf[rel];
        const probe = (type: string): Probe => ({ role, rel, type, s, pid, target: seeded.get(seedKey(rel, type)) as { id: string; victim: string } });
        for (const route of order) {
          if (route.kind.type !== 'type') continue;
          const interaction = route.kind.interaction;
          const entry = TYPE_ROUTES[interaction];
          await Promise.all(FHIR_TYPES.filter((t) => supports(t.type, interaction)).map(async (t) => {
            const p = probe(t.type);
            // A new Patient's registering user joins its care team (registration/); shared types have no relation at all.
            const relation: Rel = t.type === 'Patient' && interaction === 'create' ? 'care-team' : isSharedType(t.type) ? 'care-team' : rel;
            const want = policy(role, t.type, entry.action as Action, relation);
            try {
              const got = (await entry.run(p)).allowed;
              if (got !== want) failures.push(`${routeKey(route)} ${t.type} ${role}/${rel}: ${got ? 'allowed' : 'denied'}, policy says ${want ? 'allow' : 'deny'}`);
              const a = got ? entry.audit?.(p) : null;
              if (a !== null && a !== undefined) audits.push({ userId: s.userId, want: a });
            } catch (e) {
              failures.push(`${routeKey(route)} ${t.type} ${role}/${rel}: ${(e as Error).message}`);
            }
          }));
        }
        for (const route of ROUTES.filter((r) => r.kind.type !== 'type')) {
          const other = OTHER_ROUTES[routeKey(route)];
          if (other === undefined || (other.perRole === true && rel !== 'care-team')) continue;
          const p = probe('Patient');
          const want = other.expected(role, rel);
          try {
            const got = (await other.run(p)).allowed;
            if (got !== want) failures.push(`${routeKey(route)} ${role}/${rel}: ${got ? 'allowed' : 'denied'}, policy says ${want ? 'allow' : 'deny'}`);
            const a = got ? other.audit?.(p) : null;
            if (a !== null && a !== undefined) audits.push({ userId: s.userId, want: a });
          } catch (e) {
            failures.push(`${routeKey(route)} ${role}/${rel}: ${(e as Error).message}`);
          }
        }
      }));
    }
    expect(failures).toEqual([]);

    // Every allowed PHI access left its audit event (the FHIR audit batcher may flush a moment later).
    const need = new Map<string, number>();
    for (const { userId, want } of audits) {
      const k = [userId, want.action, want.patientId ?? '', want.type].join('|');
      need.set(k, (need.get(k) ?? 0) + 1);
    }
    let short: string[] = [];
    for (let attempt = 0; attempt < 40; attempt++) {
      const rows = await server.asOwner(async (c) => (await c.query(
        "SELECT user_id, action, coalesce(patient_id, '') AS patient_id, resource_type, count(*)::int AS n FROM audit.events WHERE outcome = 'success' GROUP BY 1, 2, 3, 4",
      )).rows as { user_id: string; action: string; patient_id: string; resource_type: string; n: number }[]);
      const have = new Map(rows.map((r) => [[r.user_id, r.action, r.patient_id, r.resource_type].join('|'), r.n]));
      short = [...need].filter(([k, n]) => (have.get(k) ?? 0) < n).map(([k, n]) => `${k}: ${have.get(k) ?? 0} of ${n}`);
      if (short.length === 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(short).toEqual([]);
    expect(audits.length).toBeGreaterThan(50);
  }, 600_000);
});
