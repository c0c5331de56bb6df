/**
 * The embedded Postgres is not a door left open: its superuser password is random and kept 0600 in
 * the data dir (a cluster made with the former fixed password is rotated off it), the data dir is
 * not world-traversable, and the server's own connections use the restricted role, which cannot
 * switch off the audit triggers.
 */
import { mkdtemp, rm, stat, unlink } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestPostgres, startTestServer } from '../testing/harness.ts';
import { withClient } from './database.ts';
import { startEmbeddedPostgres } from './embedded.ts';
import { superuserPasswordFile } from './embedded-secret.ts';

const FORMER = ['lantern', 'embedded'].join('-');
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});
const withPassword = (url: string, password: string): string => {
  const u = new URL(url);
  u.password = encodeURIComponent(password);
  return u.toString();
};
const canConnect = (url: string): Promise<boolean> => withClient(url, async () => true).catch(() => false);

describe('embedded Postgres superuser', () => {
  it('has a random password kept 0600 in the data dir, rotates a former fixed one away, and leaves no world-traversable dir', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lantern-emb-'));
    dirs.push(dir);
    const logger = pino({ level: 'silent' });
    const first = await startEmbeddedPostgres({ dataDir: dir, logger, fastUnsafe: true });
    const file = superuserPasswordFile(dir);
    const password = readFileSync(file, 'utf8').trim();
    try {
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect(password.length).toBeGreaterThanOrEqual(40);
      expect(decodeURIComponent(new URL(first.superuserUrl).password)).toBe(password);
      expect((await stat(dir)).mode & 0o007).toBe(0);
      expect((await stat(join(dir, 'secrets'))).mode & 0o077).toBe(0);
      expect(await canConnect(withPassword(first.superuserUrl, FORMER))).toBe(false);
      // Simulate a cluster made by an earlier version: the fixed password, no password file.
      await withClient(first.superuserUrl, (c) => c.query(`ALTER ROLE postgres PASSWORD '${FORMER}'`));
    } finally {
      await first.stop();
    }
    await unlink(file);

    const again = await startEmbeddedPostgres({ dataDir: dir, logger, fastUnsafe: true });
    try {
      const rotated = readFileSync(file, 'utf8').trim();
      expect(rotated).not.toBe(FORMER);
      expect(rotated).not.toBe(password);
      expect(await canConnect(again.superuserUrl)).toBe(true);
      expect(await canConnect(withPassword(again.superuserUrl, FORMER))).toBe(false);
    } finally {
      await again.stop();
    }
  }, 180_000);

  it('the server connects as the restricted role, which cannot switch off the audit triggers', async () => {
    const pg = await startTestPostgres();
    const server = await startTestServer(pg);
    try {
      const who = await server.pool.query('SELECT current_user AS u, rolsuper AS su FROM pg_roles WHERE rolname = current_user');
      expect(who.rows[0]).toMatchObject({ su: false });
      expect(String((who.rows[0] as { u: string }).u)).toMatch(/^lantern_app_/);
      await expect(server.pool.query('ALTER TABLE audit.events DISABLE TRIGGER USER')).rejects.toThrow(/owner|permission/);
      await expect(server.pool.query('SET session_replication_role = replica')).rejects.toThrow(/permission/);
    } finally {
      await server.close();
      await pg.stop();
    }
  }, 180_000);
});
