/**
 * EHR launch contexts (https://hl7.org/fhir/smart-app-launch/app-launch.html#launch-app-ehr-launch):
 * the workstation asks for one for its open patient, opens the app with `iss` and `launch`, and the
 * authorization redeems it for the same user into the token's `patient`. Opaque, random, short-lived,
 * bound to the user who minted it; minting is audited and decided by the core policy.
 */
import { randomBytes } from 'node:crypto';
import { LanternError, type Role } from '@lantern/core';
import type pg from 'pg';
import { z } from 'zod';
import { appendAuditEvents, serverEvent, type Actor } from '../db/audit-log.ts';
import { withTx } from '../db/database.ts';
import { mayReadPatient } from './patients.ts';

export const LAUNCH_TTL_SECONDS = 300;

export async function mintLaunch(pool: pg.Pool, actor: Actor & { role: Role }, r: { patientId: string; clientId: string | null; now: Date }): Promise<{ launch: string; expiresAt: string }> {
  if (!(await mayReadPatient(pool, { id: actor.userId, role: actor.role }, r.patientId, r.now))) {
    await withTx(pool, (c) => appendAuditEvents(c, [serverEvent(actor, { action: 'access-denied', outcome: 'denied', patientId: r.patientId, resourceType: 'Patient', resourceId: r.patientId, detail: { action: 'smart-launch', ...(r.clientId === null ? {} : { clientId: r.clientId }) } }, r.now)]));
    throw new LanternError('FORBIDDEN', 'You may not open this patient\'s chart, so no app can be launched for it');
  }
  const launch = randomBytes(24).toString('base64url');
  const expiresAt = new Date(r.now.getTime() + LAUNCH_TTL_SECONDS * 1000);
  await withTx(pool, async (c) => {
    await c.query('INSERT INTO smart_launches (id, user_id, patient_id, client_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)', [launch, actor.userId, r.patientId, r.clientId, r.now, expiresAt]);
    await appendAuditEvents(c, [serverEvent(actor, { action: 'resource-read', outcome: 'success', patientId: r.patientId, resourceType: 'Patient', resourceId: r.patientId, purposeOfUse: 'TREAT', detail: { via: 'smart-launch', ...(r.clientId === null ? {} : { clientId: r.clientId }) } }, r.now)]);
  });
  return { launch, expiresAt: expiresAt.toISOString() };
}

const LaunchRow = z.object({ user_id: z.string(), patient_id: z.string(), client_id: z.string().nullable(), expires_at: z.date() });

/** The launch's patient, if it is this user's, unexpired and (when minted for one app) for this app. */
export async function redeemLaunch(pool: pg.Pool, launch: string, userId: string, clientId: string, now: Date): Promise<string | null> {
  const r = await pool.query('SELECT user_id, patient_id::text AS patient_id, client_id, expires_at FROM smart_launches WHERE id = $1', [launch]);
  if (r.rows[0] === undefined) return null;
  const row = LaunchRow.parse(r.rows[0]);
  if (row.user_id !== userId || row.expires_at <= now || (row.client_id !== null && row.client_id !== clientId)) return null;
  return row.patient_id;
}

/** The URL that opens an app for an EHR launch: its launch URL with `iss` (the FHIR base) and `launch`. */
export function launchUrlFor(launchUrl: string, serverUrl: string, launch: string): string {
  const url = new URL(launchUrl);
  url.searchParams.set('iss', `${serverUrl.replace(/\/$/, '')}/fhir/R4`);
  url.searchParams.set('launch', launch);
  return url.toString();
}
