/**
 * Who is calling: the bearer access token `auth.login` issued (RFC 6750), checked by the server's
 * one `verifyAccessToken` (what the tRPC context uses) through the FHIR API's `TokenVerifier`, which
 * caches a verified token for a few seconds (the HMAC check cost ~0.4 ms a call under load). Then
 * the same liveness rule as `authedProcedure`
 * (a deactivated user or device is refused at once, not when the token expires) and the caller's
 * relation to the patient (care team, unit, break-glass), read in one query.
 */
import { LanternError } from '@lantern/core';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AccessClaims } from '../auth/tokens.ts';
import type { Actor } from '../db/audit-log.ts';
import type { Queryable } from '../db/database.ts';
import { relationColumns, relationFromRow, type PatientRelation } from '../fhir/access.ts';
import type { TokenVerifier } from '../fhir/auth.ts';
import { CdsHttpError } from './errors.ts';

export interface Caller {
  claims: AccessClaims;
  actor: Actor;
}

/** 401 (a LanternError UNAUTHENTICATED) without a valid, unexpired access token. */
export async function authenticate(tokens: TokenVerifier, req: FastifyRequest): Promise<Caller> {
  try {
    // Liveness is checked by callerState/requireLive, in the same round trip as the caller's state.
    return await tokens.authenticate(req, { liveness: false });
  } catch (e) {
    throw new CdsHttpError(e instanceof LanternError ? new LanternError('UNAUTHENTICATED', e.message) : new LanternError('UNAUTHENTICATED', 'Invalid access token'));
  }
}

const Live = z.object({ ok: z.boolean().nullable() });
const notLive = (): CdsHttpError => new CdsHttpError(new LanternError('UNAUTHENTICATED', 'This account or device is no longer active: sign in again'));

/** The liveness rule alone (feedback, which concerns no patient until its cards are found). */
export async function requireLive(q: Queryable, caller: Caller): Promise<void> {
  const r = await q.query('SELECT u.active AND coalesce(d.active, true) AS ok FROM users u LEFT JOIN devices d ON d.id = $2 WHERE u.id = $1', [caller.claims.userId, caller.claims.deviceId]);
  if (r.rows[0] === undefined || Live.parse(r.rows[0]).ok !== true) throw notLive();
}

export interface CallerState extends PatientRelation {
  /** The patient has a Patient record in Lantern's store. */
  patientKnown: boolean;
}

const LiveRow = z.object({ live: z.boolean().nullable(), known: z.boolean() });

/**
 * Liveness, relation to the patient and whether the store knows the patient, in one round trip.
 * Throws UNAUTHENTICATED for a deactivated account or device.
 */
export async function callerState(q: Queryable, caller: Caller, patientId: string, now: Date): Promise<CallerState> {
  const r = await q.query({
    // Named: prepared once per connection, as this runs on every call.
    name: 'cds-caller-state',
    text: `SELECT (SELECT u.active AND coalesce(d.active, true) FROM users u LEFT JOIN devices d ON d.id = $4 WHERE u.id = $1) AS live,
       EXISTS (SELECT 1 FROM resources WHERE patient_id = $2::uuid AND resource_type = 'Patient' AND id = $2::text AND NOT deleted) AS known,
       ${relationColumns('$1', '$2::uuid', '$3')}`,
    values: [caller.claims.userId, patientId, now, caller.claims.deviceId],
  });
  const row = LiveRow.parse(r.rows[0]);
  if (row.live !== true) throw notLive();
  return { ...relationFromRow(r.rows[0]), patientKnown: row.known };
}
