/**
 * The restore drill (README, IT deployment > Backup): a real server on its own embedded Postgres,
 * a real workstation host. Seed, sync, back up; write more (the workstation pushes one write and
 * pulls a colleague's after the backup, so its pull cursor is AHEAD of what the backup holds);
 * the server is lost while the workstation queues writes offline; restore into a new data dir,
 * restart the server on the restored data at the same address, verify the audit chains and their
 * signed checkpoints (what verify-audit checks); the workstation syncs: its queued writes arrive, what
 * the server holds for its scope matches its store, and it never starts over (no full resync).
 * Also: a corrupt archive and a non-empty target are refused, each with its own reason.
 */
import { randomUUID } from 'node:crypto';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { newMutation } from '@lantern/core';
import { verifyAuditTrail } from '../../../../sync-server/src/audit-checkpoints/trail.ts';
import { createBackup } from '../../../../sync-server/src/backup/backup.ts';
import { restoreBackup, RestoreRefused } from '../../../../sync-server/src/backup/restore.ts';
import { freePort } from '../../../../sync-server/src/db/embedded.ts';
import { withClient } from '../../../../sync-server/src/db/database.ts';
import { startServer, type RunningServer } from '../../../../sync-server/src/server.ts';
import { login, must } from '../../../../sync-server/src/testing/harness.ts';
import { mutation, observation } from '../../../../sync-server/src/testing/fixtures.ts';
import { buildVitalsObservations } from '../chart/vitals-observations.ts';
import { createHost, type Host } from '../serve/create-host.ts';
import { explicitKeyProvider, randomKey } from '../store/key/key-provider.ts';

const PASSPHRASE = 'correct horse battery staple';
/** The drill's archive, reused by the refusal test (a copy of it is damaged there). */
let drillArchive: string | null = null;
const dirs: string[] = [];
const temp = (prefix: string) => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  // Traversable, as the server harness does: run as root, the embedded Postgres (user `postgres`)
  // keeps its cluster inside the data dir, so removing the dir removes everything.
  chmodSync(d, 0o755);
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const serverAt = (dataDir: string, port: number) => startServer({
  port, host: '127.0.0.1', dataDir, demo: true, demoPatients: 4, demoHeavyPatient: false, logLevel: 'silent', fastUnsafeDb: true,
  passwordCost: { memoryCost: 4096, timeCost: 2 }, subscriptions: { pollMs: 3_600_000 },
});

function vitals(host: Host, patientId: string): string {
  const [obs] = buildVitalsObservations({ patientId, heartRate: 72 }, { uuid: randomUUID, now: new Date(), performer: { display: 'Dr. Ada' } });
  if (obs?.id === undefined) throw new Error('no observation');
  const m = newMutation({ mutationId: randomUUID(), deviceId: host.services.deviceId, userId: host.services.session.userId ?? '', createdAt: new Date().toISOString(), patientId, op: 'create', resource: obs });
  if (!m.ok) throw m.error;
  const r = host.services.store.applyLocalMutation(m.value);
  if (!r.ok) throw r.error;
  return obs.id;
}

/** (id, version) of every resource the server holds for these patients. */
async function serverRows(server: RunningServer, patients: string[]): Promise<Map<string, string>> {
  return withClient(server.databaseOwnerUrl, async (c) => {
    const r = await c.query<{ id: string; version: number }>('SELECT id, version FROM resources WHERE patient_id = ANY($1::uuid[]) AND NOT deleted', [patients]);
    return new Map(r.rows.map((x) => [x.id, String(x.version)]));
  });
}

describe('restore drill', () => {
  it('restores a backup into a new data dir; the audit trail verifies and a workstation that synced after the backup catches up with its queued writes', async () => {
    const port = await freePort();
    const dataA = temp('lantern-drill-a-');
    const archive = join(temp('lantern-drill-out-'), 'lantern.backup');
    let server: RunningServer = await serverAt(dataA, port);
    const host = await createHost({ dataDir: temp('lantern-drill-ws-'), serverUrl: server.url, keyProvider: explicitKeyProvider(randomKey()), syncIntervalMs: 3_600_000, autoLockMs: 30 * 60_000 });
    try {
      const s = host.services;
      await s.session.signIn('dr.ada', 'lantern-demo');
      await s.sync.runOnce();
      const userId = s.session.userId ?? '';
      const scope = await must<{ careTeam: string[] }>(server.url, 'sync.scope', undefined, (await login(server.url, 'dr.ada')).token);
      const patientId = scope.careTeam[0] ?? '';
      const beforeBackup = vitals(host, patientId);
      await s.sync.runOnce();

      // Back up the running server.
      const backup = await createBackup({ ownerUrl: server.databaseOwnerUrl, dataDir: dataA, tokenSecret: null, auditCheckpoints: {}, out: archive, passphrase: PASSPHRASE });
      expect(backup.manifest.database.auditEvents).toBeGreaterThan(0);
      drillArchive = archive;

      // After the backup: a colleague's writes, which the workstation pulls (its cursor moves past the backup).
      const ben = await login(server.url, 'dr.ada');
      const colleagues = Array.from({ length: 5 }, () => randomUUID());
      await must(server.url, 'sync.push', { deviceId: ben.deviceId, mutations: colleagues.map((id, i) => mutation(ben, { op: 'create', patientId, resource: observation(patientId, id, 60 + i) })) }, ben.token);
      await s.sync.runOnce();
      const cursorAfterBackup = s.store.getCursor(`pull:${userId}`);
      expect(cursorAfterBackup.ok && BigInt(cursorAfterBackup.value ?? '0')).toBeGreaterThan(BigInt(backup.manifest.database.changeSeq));

      // The server is lost; the workstation keeps working offline.
      await server.close();
      const queued = [vitals(host, patientId), vitals(host, patientId)];
      await s.sync.runOnce().catch(() => undefined);
      expect((await s.sync.status()).pending).toBe(2);

      // Restore into a new data dir.
      const dataB = join(temp('lantern-drill-b-'), 'server');
      const restored = await restoreBackup({ from: archive, dataDir: dataB, databaseUrl: null, auditCheckpoints: {}, tokenSecret: null, passphrase: PASSPHRASE });
      expect(restored.warnings).toEqual([]);

      // The restored server at the same address. Its audit trail verifies as verify-audit checks it:
      // every chain recomputed, and the signed checkpoints restored from the archive all match.
      server = await serverAt(dataB, port);
      const trail = await withClient(server.databaseOwnerUrl, (c) => verifyAuditTrail(c, { dataDir: dataB, auditCheckpoints: {} }));
      expect(trail).toMatchObject({ ok: true });
      expect(trail.checkpoints).toBeGreaterThanOrEqual(2);

      // The workstation syncs as usual.
      await s.sync.runOnce();
      await s.sync.runOnce(); // the audit upload reports the gap the restore left once, then resumes
      const status = await s.sync.status();
      expect(status.pending).toBe(0);
      const rows = await serverRows(server, [patientId]);
      for (const id of queued) expect(rows.get(id), 'a queued write reached the restored server').toBe('1');
      expect(rows.get(beforeBackup)).toBe('1');
      // Everything the server holds for the patient is in the workstation's store, at the same version.
      for (const [id, version] of rows) {
        const local = s.store.getResource(id);
        expect(local.ok && local.value?.meta?.versionId, id).toBe(version);
      }
      // No full resync: the cursor only moved forward, past the restored feed's resume point.
      const cursorNow = s.store.getCursor(`pull:${userId}`);
      expect(cursorNow.ok && BigInt(cursorNow.value ?? '0')).toBeGreaterThanOrEqual(BigInt(restored.changeSeq));
      // A write made on the restored server after the restart reaches the workstation.
      const later = randomUUID();
      const ben2 = await login(server.url, 'dr.ada');
      await must(server.url, 'sync.push', { deviceId: ben2.deviceId, mutations: [mutation(ben2, { op: 'create', patientId, resource: observation(patientId, later, 66) })] }, ben2.token);
      await s.sync.runOnce();
      const arrived = s.store.getResource(later);
      expect(arrived.ok && arrived.value?.id).toBe(later);
      // What the backup never saw stays on the workstation only (the restore's recovery point).
      const rowsAfter = await serverRows(server, [patientId]);
      expect(colleagues.some((id) => rowsAfter.has(id))).toBe(false);
    } finally {
      await host.close();
      await server.close();
    }
  }, 150_000);

  it('refuses a corrupt archive, a wrong passphrase and a non-empty target, each with its reason', async () => {
    if (drillArchive === null) throw new Error('the drill did not write its archive');
    const out = join(temp('lantern-drill-out-'), 'copy.backup');
    copyFileSync(drillArchive, out);
    copyFileSync(`${drillArchive}.sha256`, `${out}.sha256`);
    const opts = { databaseUrl: null, auditCheckpoints: {}, tokenSecret: null, passphrase: PASSPHRASE };
    // Not empty: refused before anything is read or written.
    const busy = temp('lantern-drill-busy-');
    writeFileSync(join(busy, 'keep.txt'), 'x');
    await expect(restoreBackup({ ...opts, from: out, dataDir: busy })).rejects.toMatchObject({ reason: 'not-empty' });
    // Wrong passphrase.
    await expect(restoreBackup({ ...opts, from: out, dataDir: join(temp('lantern-drill-t-'), 'a'), passphrase: 'not the passphrase at all' })).rejects.toMatchObject({ reason: 'wrong-passphrase' });
    // One flipped byte: the checksum file catches it; without that file, the authenticated encryption does.
    const bytes = readFileSync(out);
    bytes[bytes.length - 100] = (bytes[bytes.length - 100] ?? 0) ^ 0xff;
    writeFileSync(out, bytes);
    const target = join(temp('lantern-drill-t-'), 'b');
    const refused = await restoreBackup({ ...opts, from: out, dataDir: target }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RestoreRefused);
    expect(refused).toMatchObject({ reason: 'corrupt' });
    rmSync(`${out}.sha256`);
    await expect(restoreBackup({ ...opts, from: out, dataDir: target })).rejects.toMatchObject({ reason: 'wrong-passphrase' });
  }, 60_000);
});
