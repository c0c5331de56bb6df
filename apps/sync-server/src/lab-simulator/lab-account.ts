/**
 * The simulated lab's account. It signs in nowhere: the simulator runs inside the demo server and
 * mints its own short-lived access token with the server's key, then calls the FHIR API with it like
 * any lab interface would, so every result it files is authorized by the core policy and audited
 * under this account.
 *
 * Role: `physician`. No new role is added (roles are shared by every part of the system); physician
 * is the only existing role the access policy lets create Observation and DiagnosticReport, which is
 * exactly what a laboratory files. Its password is random and never stored in clear, so nobody can
 * sign in as the lab; it is on the care team only of patients whose orders it has received.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { hashPassword, type PasswordCost } from '../auth/passwords.ts';
import { signAccessToken } from '../auth/tokens.ts';
import type { ServerKeys } from '../auth/keys.ts';
import type { Clock } from '../config.ts';

export const LAB_USERNAME = 'lab.sim';
export const LAB_DEVICE_ID = 'lab-simulator';

/** The lab user's id, created on first use. */
export async function ensureLabAccount(pool: pg.Pool, cost?: PasswordCost): Promise<string> {
  const found = await pool.query<{ id: string }>('SELECT id FROM users WHERE username = $1', [LAB_USERNAME]);
  const existing = found.rows[0];
  if (existing !== undefined) return existing.id;
  const hash = await hashPassword(randomBytes(32).toString('base64url'), cost);
  const id = randomUUID();
  await pool.query("INSERT INTO users (id, username, password_hash, role) VALUES ($1, $2, $3, 'physician') ON CONFLICT (username) DO NOTHING", [id, LAB_USERNAME, hash]);
  const again = await pool.query<{ id: string }>('SELECT id FROM users WHERE username = $1', [LAB_USERNAME]);
  return again.rows[0]?.id ?? id;
}

/**
 * The performing lab joins the care team of a patient whose order it receives: that relation is how
 * the policy grants a writer a patient's record, and it is granted for this patient only.
 */
export async function joinCareTeam(pool: pg.Pool, labUserId: string, patientId: string): Promise<void> {
  await pool.query('INSERT INTO care_team (patient_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [patientId, labUserId]);
}

/** A token for the lab, renewed a minute before it expires. */
export class LabToken {
  private current: { token: string; until: number } | null = null;
  constructor(private readonly keys: ServerKeys, private readonly clock: Clock, private readonly userId: string, private readonly ttlSeconds = 900) {}

  async get(): Promise<string> {
    const now = this.clock.now();
    if (this.current !== null && this.current.until - 60_000 > now.getTime()) return this.current.token;
    const { token, expiresAt } = await signAccessToken(this.keys.accessTokenKey, {
      userId: this.userId, username: LAB_USERNAME, role: 'physician', deviceId: LAB_DEVICE_ID, deviceKeyThumbprint: LAB_DEVICE_ID,
    }, now, this.ttlSeconds);
    this.current = { token, until: Date.parse(expiresAt) };
    return token;
  }
}
