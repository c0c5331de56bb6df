/**
 * The privacy officer's workspace on a real server and database: the patient access report with
 * offline events synced later, the user activity report, exports, the break-glass review queue and
 * every suspicious-access alert, each raised from the audit events behind it.
 */
import { createHash, randomUUID } from 'node:crypto';
import { appendToChain, type AuditAction, type AuditEventInput } from '@lantern/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPatients } from '../testing/fixtures.ts';
import { call, ingestInput, login, must, startTestPostgres, startTestServer, type Session, type TestPostgres, type TestServer } from '../testing/harness.ts';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const HOUR = 3_600_000;

let pg: TestPostgres;
let server: TestServer;
let dee: Session;
let eve: Session;
let ada: Session;
let ben: Session;
let pats: Awaited<ReturnType<typeof demoPatients>>;
/** Per device: the chain so far, so later batches continue it. */
const chains = new Map<string, { seq: number; hash: string }>();

beforeAll(async () => {
  pg = await startTestPostgres();
  server = await startTestServer(pg, { demo: true, demoPatients: 120, demoHeavyPatient: false, privacyAlerts: { manyChartsMinimum: 5, pollMs: 60_000 } });
  pats = await demoPatients(server);
  [dee, eve, ada, ben] = await Promise.all([login(server.url, 'privacy.dee'), login(server.url, 'admin.eve'), login(server.url, 'dr.ada'), login(server.url, 'rn.ben')]);
}, 120_000);
afterAll(async () => {
  await server?.close();
  await pg?.stop();
});

/** Audit events recorded offline on the user's workstation, uploaded later (as the sync loop does). */
async function offline(s: Session, events: { action: AuditAction; patientId: string | null; at: Date; outcome?: 'success' | 'denied' }[]): Promise<void> {
  const inputs: AuditEventInput[] = events.map((e) => ({
    eventId: randomUUID(), deviceId: s.deviceId as AuditEventInput['deviceId'], userId: s.userId as AuditEventInput['userId'], action: e.action,
    patientId: e.patientId as AuditEventInput['patientId'], resourceType: e.patientId === null ? null : 'Patient', resourceId: e.patientId, outcome: e.outcome ?? 'success',
    reason: null, detail: { purposeOfUse: 'TREAT' }, recordedAt: e.at.toISOString(),
  }));
  const chain = appendToChain(inputs, chains.get(s.deviceId) ?? null, sha);
  const last = chain[chain.length - 1];
  if (last !== undefined) chains.set(s.deviceId, { seq: last.seq, hash: last.hash });
  await must(server.url, 'audit.ingest', ingestInput(s, chain), s.token);
}

const range = (fromMs: number, toMs: number) => ({ from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() });
type Row = { userId: string; username: string | null; role: string | null; action: string; origin: string; deviceTime: string; receivedAt: string; breakGlass: boolean; purpose: string | null };
type Alert = { alertId: string; kind: string; userId: string; patientId: string | null; eventCount: number; events: { seq: number; action: string }[]; ackNote: string | null };
const alerts = async (status: 'open' | 'acknowledged' | 'all' = 'open') => must<Alert[]>(server.url, 'privacy.alerts', { status }, dee.token);

describe('patient access report', () => {
  it('lists a chart viewed offline and synced later, at the time it was viewed, with who, role, device and both clocks', async () => {
    const pid = pats.careTeam[0] as string;
    const viewedAt = new Date(server.clock.now().getTime() - 2 * 24 * HOUR);
    await offline(ada, [{ action: 'chart-view', patientId: pid, at: viewedAt }]);
    await offline(ben, [{ action: 'chart-view', patientId: pats.careTeam[2] as string, at: viewedAt }]);
    const now = server.clock.now().getTime();
    const report = await must<{ patient: { name: string; mrn: string | null } | null; rows: Row[] }>(server.url, 'privacy.patientAccess', { patientId: pid, ...range(now - 7 * 24 * HOUR, now + HOUR) }, dee.token);
    expect(report.patient?.mrn).toBeTruthy();
    const view = report.rows.find((r) => r.action === 'chart-view');
    expect(view).toMatchObject({ userId: ada.userId, username: 'dr.ada', role: 'physician', origin: 'workstation', breakGlass: false, purpose: 'TREAT' });
    expect(view?.deviceTime).toBe(viewedAt.toISOString());
    expect(Date.parse(view?.receivedAt ?? '')).toBeGreaterThan(viewedAt.getTime());
    // Only this patient's accesses; a range that ends before the view does not list it.
    expect(report.rows.every((r) => r.userId !== ben.userId)).toBe(true);
    const before = await must<{ rows: Row[] }>(server.url, 'privacy.patientAccess', { patientId: pid, ...range(now - 30 * 24 * HOUR, viewedAt.getTime() - 1000) }, dee.token);
    expect(before.rows.filter((r) => r.action === 'chart-view')).toEqual([]);
    // The officer's own look-up is itself in the report.
    const again = await must<{ rows: Row[] }>(server.url, 'privacy.patientAccess', { patientId: pid, ...range(now - 7 * 24 * HOUR, now + HOUR) }, dee.token);
    expect(again.rows.some((r) => r.username === 'privacy.dee' && r.action === 'search')).toBe(true);
  });

  it('finds a patient by MRN for the report without opening the chart, and the look-up is audited', async () => {
    const pid = pats.careTeam[0] as string;
    const mrn = await server.asOwner(async (c) => String((await c.query("SELECT resource->'identifier'->0->>'value' AS v FROM resources WHERE resource_type = 'Patient' AND patient_id = $1", [pid])).rows[0].v));
    const found = await must<{ patientId: string; name: string; mrn: string }[]>(server.url, 'privacy.findPatients', { text: mrn }, dee.token);
    expect(found.map((f) => f.patientId)).toEqual([pid]);
    expect(Object.keys(found[0] ?? {}).sort()).toEqual(['birthDate', 'mrn', 'name', 'patientId']);
    const audited = await server.asOwner((c) => c.query("SELECT count(*)::int AS n FROM audit.events WHERE user_id = $1 AND detail->>'via' = 'privacy.findPatients'", [dee.userId]));
    expect(audited.rows[0].n).toBeGreaterThan(0);
  });

  it('exports the report as CSV and PDF, with the officer, the query and the chain status', async () => {
    const pid = pats.careTeam[0] as string;
    const now = server.clock.now().getTime();
    const q = { subject: { kind: 'patient', patientId: pid }, ...range(now - 7 * 24 * HOUR, now + HOUR) };
    const csv = await must<{ filename: string; base64: string; rows: number }>(server.url, 'privacy.exportAccess', { ...q, format: 'csv' }, dee.token);
    const text = Buffer.from(csv.base64, 'base64').toString('utf8');
    expect(text).toContain('# Prepared by: privacy.dee');
    expect(text).toMatch(/# Audit chain: verified/);
    expect(text.split('\r\n').filter((l) => l.includes(',chart-view,') && l.includes('dr.ada') && l.includes(',workstation,'))).toHaveLength(1);
    const pdf = await must<{ base64: string; mimeType: string }>(server.url, 'privacy.exportAccess', { ...q, format: 'pdf' }, dee.token);
    expect(pdf.mimeType).toBe('application/pdf');
    expect(Buffer.from(pdf.base64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    const exports = await server.asOwner((c) => c.query("SELECT count(*)::int AS n FROM audit.events WHERE user_id = $1 AND action = 'export' AND patient_id = $2", [dee.userId, pid]));
    expect(exports.rows[0].n).toBe(2);
  });

  it('refuses the report to anyone but the privacy officer', async () => {
    const now = server.clock.now().getTime();
    for (const s of [ada, eve]) {
      const r = await call(server.url, 'privacy.patientAccess', { patientId: pats.careTeam[0], ...range(now - HOUR, now) }, s.token);
      expect(r).toMatchObject({ ok: false, status: 403 });
    }
  });
});

describe('user activity report', () => {
  it('says which patients a user touched, how many and when', async () => {
    const now = server.clock.now().getTime();
    const r = await must<{ rows: Row[]; distinctPatients: number; patients: { patientId: string; accesses: number }[] }>(server.url, 'privacy.userActivity', { userId: ben.userId, ...range(now - 7 * 24 * HOUR, now + HOUR) }, dee.token);
    expect(r.patients.map((p) => p.patientId)).toContain(pats.careTeam[2]);
    expect(r.distinctPatients).toBe(r.patients.length);
    expect(r.rows.every((x) => x.userId === ben.userId)).toBe(true);
  });
});

describe('suspicious-access alerts', () => {
  it('a user opening the chart of a patient who shares their surname raises one alert, with the event behind it; acknowledging needs a note', async () => {
    const pid = pats.careTeam[1] as string;
    const family = await server.asOwner(async (c) => String((await c.query("SELECT resource->'name'->0->>'family' AS f FROM resources WHERE resource_type = 'Patient' AND patient_id = $1", [pid])).rows[0].f));
    await must(server.url, 'admin.setStaffIdentity', { userId: ada.userId, familyName: family.toUpperCase(), homeAddress: null }, eve.token);
    await offline(ada, [{ action: 'chart-view', patientId: pid, at: new Date(server.clock.now().getTime() - 3 * HOUR) }]);
    const mine = (await alerts()).filter((a) => a.kind === 'same-surname' && a.userId === ada.userId && a.patientId === pid);
    expect(mine).toHaveLength(1);
    expect(mine[0]?.events.map((e) => e.action)).toEqual(['chart-view']);
    const id = mine[0]?.alertId;
    expect(await call(server.url, 'privacy.acknowledgeAlert', { alertId: id, note: '' }, dee.token)).toMatchObject({ ok: false, status: 400 });
    await must(server.url, 'privacy.acknowledgeAlert', { alertId: id, note: 'Treating physician; family link confirmed unrelated.' }, dee.token);
    expect((await alerts()).some((a) => a.alertId === id)).toBe(false);
    expect((await alerts('acknowledged')).find((a) => a.alertId === id)?.ackNote).toContain('unrelated');
  });

  it('repeated access denials raise an alert', async () => {
    const cy = await login(server.url, 'billing.cy');
    for (let i = 0; i < 5; i++) await call(server.url, 'access.breakGlass', { patientId: pats.outside[10], reason: 'trying to look at this record' }, cy.token);
    const a = (await alerts()).find((x) => x.kind === 'repeated-denials' && x.userId === cy.userId);
    expect(a?.eventCount).toBeGreaterThanOrEqual(5);
  });

  it('access to a restricted (VIP) patient and break-glass more than 3 times in a week raise alerts', async () => {
    const vip = pats.outside[0] as string;
    await must(server.url, 'privacy.setRestricted', { patientId: vip, kind: 'vip' }, dee.token);
    for (const p of pats.outside.slice(0, 4)) await must(server.url, 'access.breakGlass', { patientId: p, reason: 'patient arrived unconscious in the ED' }, ada.token);
    const open = await alerts();
    expect(open.find((x) => x.kind === 'restricted-patient' && x.patientId === vip && x.userId === ada.userId)).toBeDefined();
    expect(open.find((x) => x.kind === 'break-glass-frequency' && x.userId === ada.userId)?.eventCount).toBe(4);
  });

  it('a late offline chart view at 03:00 raises an after-hours alert; 6 charts in one hour raise a many-charts alert', async () => {
    const day = new Date(server.clock.now().getTime() - 24 * HOUR);
    const night = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 3, 10));
    await offline(ben, pats.unit.slice(0, 6).map((p, i) => ({ action: 'chart-view' as const, patientId: p, at: new Date(night.getTime() + i * 60_000) })));
    const open = await alerts();
    expect(open.find((x) => x.kind === 'after-hours' && x.userId === ben.userId)).toBeDefined();
    expect(open.find((x) => x.kind === 'many-charts' && x.userId === ben.userId)?.eventCount).toBe(6);
    // Judged once: asking again raises nothing new.
    expect((await alerts()).filter((x) => x.userId === ben.userId)).toHaveLength(open.filter((x) => x.userId === ben.userId).length);
  });

  it('a workstation pulling its whole scope raises no many-charts alert; the same number of charts opened by the user does', async () => {
    const manyCharts = async () => (await alerts('all')).filter((x) => x.kind === 'many-charts' && x.userId === ada.userId);
    const before = (await manyCharts()).length;
    // The sync loop's first pull: every chart on the care team and unit leaves the server in one hour.
    let cursor: string | null = null;
    const pulled = new Set<string>();
    for (;;) {
      const page: { changes: { patientId: string }[]; cursor: string; hasMore: boolean } = await must(server.url, 'sync.pull', { cursor, limit: 500 }, ada.token);
      for (const ch of page.changes) if ([...pats.careTeam, ...pats.unit].includes(ch.patientId)) pulled.add(ch.patientId);
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    expect(pulled.size).toBeGreaterThan(20);
    const reads = await must<{ rows: Row[] }>(server.url, 'privacy.userActivity', { userId: ada.userId, ...range(server.clock.now().getTime() - HOUR, server.clock.now().getTime() + HOUR) }, dee.token);
    expect(reads.rows.length).toBeGreaterThan(0);
    expect(await manyCharts()).toHaveLength(before);
    // Six charts opened by the physician within one hour (threshold 5 here) are flagged.
    const morning = new Date(server.clock.now().getTime() - 5 * 24 * HOUR);
    await offline(ada, [...pulled].slice(0, 6).map((p, i) => ({ action: 'chart-view' as const, patientId: p, at: new Date(morning.getTime() + i * 60_000) })));
    const after = await manyCharts();
    expect(after).toHaveLength(before + 1);
    expect(after.find((a) => a.events.every((e) => e.action === 'chart-view'))?.eventCount).toBe(6);
  });
});

describe('break-glass review queue', () => {
  type Item = { grantId: string; username: string; reason: string; overdue: boolean; viewed: Record<string, number>; reviewOutcome: string | null; reviewNote: string | null };
  it('lists grants with their reason, marks overdue ones, and keeps reviewed ones searchable', async () => {
    const open = await must<Item[]>(server.url, 'privacy.breakGlassQueue', { status: 'open', search: '' }, dee.token);
    const mine = open.filter((g) => g.username === 'dr.ada');
    expect(mine.length).toBeGreaterThanOrEqual(4);
    expect(mine[0]?.reason).toContain('unconscious');
    expect(mine.every((g) => !g.overdue)).toBe(true);
    server.clock.advance(73 * HOUR);
    dee = await login(server.url, 'privacy.dee');
    const later = await must<Item[]>(server.url, 'privacy.breakGlassQueue', { status: 'open', search: '' }, dee.token);
    expect(later.filter((g) => g.username === 'dr.ada').every((g) => g.overdue)).toBe(true);
    const g = mine[0] as Item;
    expect(await call(server.url, 'privacy.reviewBreakGlass', { grantId: g.grantId, outcome: 'refer', note: '' }, dee.token)).toMatchObject({ ok: false, status: 400 });
    await must(server.url, 'privacy.reviewBreakGlass', { grantId: g.grantId, outcome: 'refer', note: 'No ED encounter that night: refer to investigation' }, dee.token);
    const reviewed = await must<Item[]>(server.url, 'privacy.breakGlassQueue', { status: 'reviewed', search: 'ED encounter' }, dee.token);
    expect(reviewed.map((x) => [x.grantId, x.reviewOutcome])).toEqual([[g.grantId, 'refer']]);
    expect(await call(server.url, 'privacy.reviewBreakGlass', { grantId: g.grantId, outcome: 'appropriate', note: 'second review' }, dee.token)).toMatchObject({ ok: false, status: 404 });
  });
});

describe('audit integrity', () => {
  it('reports the chain intact and lists device findings', async () => {
    const r = await must<{ chain: { ok: boolean; count: number }; findings: { kind: string }[] }>(server.url, 'privacy.integrity', undefined, dee.token);
    expect(r.chain.ok).toBe(true);
    expect(r.chain.count).toBeGreaterThan(10);
    expect(Array.isArray(r.findings)).toBe(true);
  });
});
