/**
 * LANTERN_DEMO=1: synthetic patients from core's generator and one user per role, seeded once
 * (a marker row makes a restart a no-op). All data is synthetic; nothing here is a real person.
 *
 * Assignments (patient indexes of the generated set; index 0 is the heavy patient):
 * - dr.ada (physician) and rn.ben (nurse): care team of patients 0-19; unit WARD-4B, whose census
 *   is patients 20-39 (read-only / banner-level for them).
 * - billing.cy (billing): assigned accounts 0-49 (core's policy takes those as 'care-team').
 * - privacy.dee (privacy officer), admin.eve (admin): no patients.
 * - Patients 100 and up are outside every care team and unit: the break-glass cases.
 *
 * Demo users have a Practitioner each (demo-staff.ts): the workstation shows "Dr. Ada Lovelace". Most of
 * the care-team and unit patients are on a ward today (demo-admissions.ts): an in-progress stay with a
 * bed, an attending and vitals every 8 hours, so the finder's location and attending columns are filled
 * and blood pressure has a trend.
 */
import { randomUUID } from 'node:crypto';
import type { ResourceJson, Role } from '@lantern/core';
import { generatePatients, generatePractitioners } from '@lantern/core/synthetic';
import { demoAdmission } from './demo-admissions.ts';
import { asAttending, demoStaffPractitioner } from './demo-staff.ts';
import type pg from 'pg';
import type { Logger } from 'pino';
import { hashPassword, type PasswordCost } from '../auth/passwords.ts';
import { appendAuditEvents, serverEvent } from '../db/audit-log.ts';
import { withTx } from '../db/database.ts';
import { bulkInsertResources, SHARED_PARTITION } from '../db/resources.ts';

export const DEMO_SEED = 20_261_101;
export const DEMO_UNIT = 'WARD-4B';
export const DEMO_USERS: readonly { username: string; role: Role }[] = [
  { username: 'dr.ada', role: 'physician' },
  { username: 'rn.ben', role: 'nurse' },
  { username: 'billing.cy', role: 'billing' },
  { username: 'privacy.dee', role: 'privacy_officer' },
  { username: 'admin.eve', role: 'admin' },
  { username: 'reg.fay', role: 'registrar' },
];
export const CARE_TEAM_RANGE = [0, 20] as const;
export const UNIT_RANGE = [20, 40] as const;
export const BILLING_RANGE = [0, 50] as const;
export const OUTSIDE_FROM = 100;
/**
 * The privacy alert scenario: dr.ada's staff surname on record is this care-team patient's, so
 * opening their chart raises a same-surname alert for the privacy officer.
 */
export const SAME_SURNAME_INDEX = 3;

const inRange = (i: number, [a, b]: readonly [number, number]) => i >= a && i < b;

export interface DemoSeedResult {
  seeded: boolean;
  patients: number;
  resources: number;
}

export async function seedDemo(pool: pg.Pool, opts: { password: string; patients: number; heavy?: boolean; passwordCost?: PasswordCost; logger: Logger; now: Date }): Promise<DemoSeedResult> {
  const heavy = opts.heavy ?? true;
  const marker = `demo:${DEMO_SEED}:${opts.patients}${heavy ? '' : ':light'}`;
  const done = await pool.query('SELECT 1 FROM seed_runs WHERE name = $1', [marker]);
  if ((done.rowCount ?? 0) > 0) return { seeded: false, patients: opts.patients, resources: 0 };
  const started = Date.now();
  const passwordHash = await hashPassword(opts.password, opts.passwordCost);
  const staff = DEMO_USERS.map((u, i) => demoStaffPractitioner(DEMO_SEED, i, u.username));
  const practitioners = [...generatePractitioners(DEMO_SEED, 2), ...staff.filter((p) => p !== null)] as unknown as ResourceJson[];
  const ada = staff[0];
  if (ada === null || ada === undefined) throw new Error('demo: dr.ada has no Practitioner');
  const adaAttending = asAttending(ada);
  return withTx(pool, async (c) => {
    await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [marker]);
    const again = await c.query('SELECT 1 FROM seed_runs WHERE name = $1', [marker]);
    if ((again.rowCount ?? 0) > 0) return { seeded: false, patients: opts.patients, resources: 0 };
    const ids = new Map<string, string>();
    for (const [i, u] of DEMO_USERS.entries()) {
      const existing = await c.query('SELECT id FROM users WHERE username = $1', [u.username]);
      const id = (existing.rows[0] as { id: string } | undefined)?.id ?? randomUUID();
      const practitionerId = staff[i]?.id ?? null;
      if (existing.rowCount === 0) {
        await c.query('INSERT INTO users (id, username, password_hash, role, practitioner_id) VALUES ($1, $2, $3, $4, $5)', [id, u.username, passwordHash, u.role, practitionerId]);
      }
      ids.set(u.username, id);
    }
    let resources = await bulkInsertResources(c, practitioners.map((p) => ({ patientId: SHARED_PARTITION, resource: p })), opts.now);
    const careTeam: [string, string][] = [];
    const units: string[] = [];
    let sameSurname: string | null = null;
    let batch: { patientId: string; resource: ResourceJson }[] = [];
    const admission = (index: number) => demoAdmission(index, { seed: DEMO_SEED, nowMs: opts.now.getTime(), ada: adaAttending, careTeam: CARE_TEAM_RANGE, unit: UNIT_RANGE, unitWard: DEMO_UNIT });
    for (const rec of generatePatients({ seed: DEMO_SEED, count: opts.patients, heavyIndex: heavy ? 0 : null, admission })) {
      const pid = String(rec.patient.id);
      batch.push({ patientId: pid, resource: rec.patient as unknown as ResourceJson });
      for (const r of rec.resources) batch.push({ patientId: pid, resource: r as unknown as ResourceJson });
      if (batch.length >= 2000) {
        resources += await bulkInsertResources(c, batch, opts.now);
        batch = [];
      }
      if (inRange(rec.index, CARE_TEAM_RANGE)) careTeam.push([pid, ids.get('dr.ada') ?? ''], [pid, ids.get('rn.ben') ?? '']);
      if (inRange(rec.index, BILLING_RANGE)) careTeam.push([pid, ids.get('billing.cy') ?? '']);
      if (inRange(rec.index, UNIT_RANGE)) units.push(pid);
      if (rec.index === SAME_SURNAME_INDEX) sameSurname = rec.patient.name?.[0]?.family ?? null;
    }
    resources += await bulkInsertResources(c, batch, opts.now);
    await c.query('INSERT INTO care_team (patient_id, user_id) SELECT * FROM unnest($1::uuid[], $2::uuid[]) ON CONFLICT DO NOTHING', [careTeam.map((x) => x[0]), careTeam.map((x) => x[1])]);
    await c.query('INSERT INTO patient_units (patient_id, unit) SELECT p, $2 FROM unnest($1::uuid[]) AS p ON CONFLICT DO NOTHING', [units, DEMO_UNIT]);
    await c.query('INSERT INTO user_units (user_id, unit) VALUES ($1, $3), ($2, $3) ON CONFLICT DO NOTHING', [ids.get('dr.ada'), ids.get('rn.ben'), DEMO_UNIT]);
    if (sameSurname !== null) await c.query("UPDATE users SET family_name = $1 WHERE username = 'dr.ada'", [sameSurname]);
    await c.query('INSERT INTO seed_runs (name) VALUES ($1)', [marker]);
    await appendAuditEvents(c, [
      serverEvent({ userId: 'system', role: 'system', deviceId: 'server', clientAddress: 'local' }, { action: 'resource-create', outcome: 'success', detail: { via: 'demo-seed', patients: opts.patients, resources } }, opts.now),
    ]);
    opts.logger.info({ patients: opts.patients, resources, ms: Date.now() - started }, 'demo data seeded');
    return { seeded: true, patients: opts.patients, resources };
  });
}
