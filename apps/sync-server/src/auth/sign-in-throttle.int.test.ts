/**
 * Sign-in throttling and lockout over real HTTP on a real database: wrong passwords slow down
 * (429 + Retry-After) and then lock the account until an administrator lifts it, every lockout and
 * unlock is audited, and the counts hold across two app servers sharing one database.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../server.ts';
import { login, loginInput, must, startTestPostgres, startTestServer, type TestPostgres, type TestServer } from '../testing/harness.ts';

let pg: TestPostgres;
let server: TestServer;
let second: RunningServer;
let secondDir: string;
const tokenSecret = `test-secret-${randomUUID()}`;
// Long delays, so no attempt in these tests can slip past a delay on a slow machine.
const signInThrottle = { baseDelaySeconds: 60 };

beforeAll(async () => {
  pg = await startTestPostgres();
  server = await startTestServer(pg, { demo: true, demoPatients: 3, demoHeavyPatient: false, tokenSecret, signInThrottle });
  // A second app server on the same database, as behind a load balancer.
  secondDir = await mkdtemp(join(tmpdir(), 'lantern-srv2-'));
  second = await startServer({
    port: 0, host: '127.0.0.1', dataDir: secondDir, databaseUrl: server.databaseOwnerUrl, logLevel: 'silent', tokenSecret,
    passwordCost: { memoryCost: 4096, timeCost: 2 }, fastUnsafeDb: true, signInThrottle,
  });
}, 120_000);
afterAll(async () => {
  await second?.close();
  await server?.close();
  await pg?.stop();
  if (secondDir !== undefined) await rm(secondDir, { recursive: true, force: true });
});

interface Attempt { status: number; retryAfter: string | null; message: string; code: string | undefined }

async function attempt(url: string, username: string, password: string, deviceId: string): Promise<Attempt> {
  const res = await fetch(`${url}/trpc/auth.login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(await loginInput(url, username, deviceId, password)),
  });
  const body = (await res.json()) as { error?: { message: string; data?: { lanternCode?: string } } };
  return { status: res.status, retryAfter: res.headers.get('retry-after'), message: body.error?.message ?? '', code: body.error?.data?.lanternCode };
}

const userId = async (username: string): Promise<string> =>
  (await server.asOwner((c) => c.query('SELECT id FROM users WHERE username = $1', [username]))).rows[0].id as string;

const auditCount = async (action: string, resourceId: string): Promise<number> =>
  (await server.asOwner((c) => c.query('SELECT count(*)::int AS n FROM audit.events WHERE action = $1 AND resource_id = $2', [action, resourceId]))).rows[0].n as number;

describe('sign-in throttling', () => {
  it('twelve wrong passwords: 401 five times, then 429 with Retry-After, then a lockout an admin lifts (audited)', async () => {
    const device = randomUUID();
    const ada = await userId('dr.ada');
    const tries: Attempt[] = [];
    for (let i = 0; i < 12; i++) tries.push(await attempt(server.url, 'dr.ada', `wrong-password-${i}`, device));

    expect(tries.slice(0, 5).map((t) => t.status)).toEqual([401, 401, 401, 401, 401]);
    const sixth = tries[5] as Attempt;
    expect(sixth).toMatchObject({ status: 429, code: 'TOO_MANY_REQUESTS' });
    expect(Number(sixth.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(sixth.message).toMatch(/try again in \d+ seconds/);
    expect(tries.slice(5).every((t) => t.status === 429)).toBe(true);
    const last = tries[11] as Attempt;
    expect(last.message).toMatch(/locked.*administrator/);
    expect(last.retryAfter).toBeNull();
    expect(await auditCount('login-locked', ada)).toBe(1);

    // The right password on a locked account gets the very same answer as a wrong one.
    const right = await attempt(server.url, 'dr.ada', 'lantern-demo', device);
    expect(right).toEqual(last);

    const admin = await login(server.url, 'admin.eve');
    expect(await must(server.url, 'admin.unlockUser', { userId: ada }, admin.token)).toEqual({ userId: ada, wasLocked: true });
    expect(await auditCount('login-unlocked', ada)).toBe(1);
    const unlocked = await server.asOwner((c) => c.query("SELECT user_id FROM audit.events WHERE action = 'login-unlocked'"));
    expect(unlocked.rows[0].user_id).toBe(admin.userId);

    expect((await attempt(server.url, 'dr.ada', 'lantern-demo', device)).status).toBe(200);
  });

  it('a successful sign-in clears the account count', async () => {
    const device = randomUUID();
    for (let i = 0; i < 4; i++) expect((await attempt(server.url, 'privacy.dee', 'wrong-password', device)).status).toBe(401);
    expect((await attempt(server.url, 'privacy.dee', 'lantern-demo', device)).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await attempt(server.url, 'privacy.dee', 'wrong-password', device)).status).toBe(401);
  });

  it('treats an unknown username exactly like a real one, so throttling reveals no account names', async () => {
    const device = randomUUID();
    const tries: Attempt[] = [];
    for (let i = 0; i < 6; i++) tries.push(await attempt(server.url, 'dr.nobody', 'wrong-password', device));
    expect(tries.map((t) => t.status)).toEqual([401, 401, 401, 401, 401, 429]);
    expect(tries[5]?.message).toMatch(/try again in \d+ seconds/);
  });

  it('holds across two app servers on one database (kept in Postgres, not in memory)', async () => {
    const device = randomUUID();
    const urls = [server.url, second.url];
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await attempt(urls[i % 2] as string, 'rn.ben', 'wrong-password', device)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    // Right password, other server: still inside the delay.
    expect((await attempt(server.url, 'rn.ben', 'lantern-demo', device)).status).toBe(429);
  });

  it('only an admin may unlock', async () => {
    const nurse = await login(server.url, 'billing.cy');
    const r = await fetch(`${server.url}/trpc/admin.unlockUser`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${nurse.token}` }, body: JSON.stringify({ userId: nurse.userId }),
    });
    expect(r.status).toBe(403);
  });
});
