/**
 * The negotiated sync protocol: what a workstation declared at sign-in or refresh is kept per
 * device, and sign-in, refresh, push and pull are refused (VERSION_MISMATCH, tRPC
 * PRECONDITION_FAILED, with the WORKSTATION_UPDATE_REQUIRED issue naming the minimum version)
 * when it falls outside the server's range. The workstation keeps its queued writes and works
 * offline until it is updated.
 */
import {
  decideWorkstationVersion, workstationUpdateRequired, WorkstationDeclarationSchema, type VersionVerdict, type WorkstationDeclaration,
} from '@lantern/core/workstation-version';
import { LanternError } from '@lantern/core';
import { z } from 'zod';
import { signUpdateToken } from './update-token.ts';
import { appendAuditEvents, serverEvent, type Actor } from '../db/audit-log.ts';
import { withTx, type Queryable } from '../db/database.ts';
import type { Services } from '../services.ts';
import { authedProcedure } from '../trpc.ts';

/** The issue of a version refusal that carries the updates-only token (update-token.ts). */
export const UPDATE_TOKEN_ISSUE = 'updateToken';

/** The optional `workstation` field of auth.login and auth.refresh. */
export const WorkstationField = WorkstationDeclarationSchema.optional();

/**
 * Refuses (and audits) a declaration outside the range. Called once the password (or refresh
 * token) and the device key are proven, so the refusal can carry an updates-only token.
 */
export async function admitWorkstation(s: Services, actor: Actor, declared: WorkstationDeclaration | undefined, purpose: 'login' | 'refresh'): Promise<void> {
  const verdict = decideWorkstationVersion(s.config.updates.versions, declared ?? null);
  const now = s.clock.now();
  if (!verdict.ok) {
    await withTx(s.pool, (c) => appendAuditEvents(c, [serverEvent(actor, {
      action: 'login-failed', outcome: 'denied', detail: { why: 'workstation-update-required', purpose, appVersion: declared?.appVersion ?? null, versionVerdict: verdict.why },
    }, now)]));
    const refusal = workstationUpdateRequired(verdict);
    const token = await signUpdateToken(s.keys.accessTokenKey, actor.deviceId, now);
    throw new LanternError(refusal.code, refusal.message, { issues: [...refusal.issues, { path: UPDATE_TOKEN_ISSUE, message: token }] });
  }
}

/** After a successful sign-in or refresh: what push and pull will check this device against. */
export async function recordWorkstation(db: Queryable, deviceId: string, declared: WorkstationDeclaration | undefined, now: Date): Promise<void> {
  await db.query(
    `INSERT INTO workstation_versions (device_id, app_version, protocol_min, protocol_max, declared_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (device_id) DO UPDATE SET app_version = $2, protocol_min = $3, protocol_max = $4, declared_at = $5`,
    [deviceId, declared?.appVersion ?? null, declared?.protocol.min ?? null, declared?.protocol.max ?? null, now],
  );
}

const Row = z.object({ app_version: z.string().nullable(), protocol_min: z.number().nullable(), protocol_max: z.number().nullable() });

/** The server's verdict on what this device declared last (no row or no declaration: protocol 2, no version). */
export async function deviceVerdict(db: Queryable, s: Services, deviceId: string): Promise<VersionVerdict> {
  const r = await db.query('SELECT app_version, protocol_min, protocol_max FROM workstation_versions WHERE device_id = $1', [deviceId]);
  const row = r.rows[0] === undefined ? null : Row.parse(r.rows[0]);
  const declared = row === null || row.app_version === null || row.protocol_min === null || row.protocol_max === null
    ? null
    : { appVersion: row.app_version, protocol: { min: row.protocol_min, max: row.protocol_max } };
  return decideWorkstationVersion(s.config.updates.versions, declared);
}

/**
 * sync.push and sync.pull: a workstation whose version the server no longer accepts (the minimum
 * was raised after it signed in) is refused until it updates; nothing it queued is lost.
 */
export const workstationProcedure = authedProcedure.use(async ({ ctx, next }) => {
  const verdict = await deviceVerdict(ctx.services.pool, ctx.services, ctx.user.deviceId);
  if (!verdict.ok) throw workstationUpdateRequired(verdict);
  return next();
});
