/**
 * Must show: to a thief the file is noise, and it is real SQLCipher 4.
 * - The demo command's store holds none of the printed names or MRNs in plaintext, in the main
 *   file, the -wal or the -shm, including while a connection has un-checkpointed WAL content.
 * - An independent SQLCipher 4 build (@journeyapps/sqlcipher, SQLCipher from source) opens the
 *   file with the key and reads a patient back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sqlite3 from '@journeyapps/sqlcipher';
import { unwrap, type Mutation, type Patient } from '@lantern/core';
import { generatePatientOnly } from '@lantern/core/synthetic';
import { openStore } from './open-store.ts';
import { keyFileProvider, readKeyFile } from './key/key-file.ts';
import { keyToHex } from './key/key-provider.ts';
import { testUuid } from './testing/chart-fixture.ts';
import { removeTempDirs, tempDir } from './testing/temp-dir.ts';
import { runToEnd } from './testing/run-ts.ts';

const desktopDir = fileURLToPath(new URL('../../../', import.meta.url));
const demoScript = join(desktopDir, 'scripts', 'demo-store.ts');

interface DemoOutput {
  db: string;
  keyFile: string;
  patients: { id: string; mrn: string; name: string }[];
}
let demo: DemoOutput;

beforeAll(async () => {
  const out = tempDir('lantern-demo-');
  const run = await runToEnd(demoScript, ['--out', out, '--patients', '50'], desktopDir);
  expect(run.code).toBe(0);
  const lines = run.stdout.split('\n').filter((l) => l !== '');
  expect(lines).toHaveLength(1); // one line of JSON, nothing else on stdout
  demo = JSON.parse(lines[0] ?? '') as DemoOutput;
}, 60_000);
afterAll(removeTempDirs);

const storeFiles = (db: string): Buffer[] => ['', '-wal', '-shm'].map((s) => db + s).filter(existsSync).map((f) => readFileSync(f));

/**
 * Every needle, as UTF-8 and as UTF-16, searched byte for byte in every file. One pass of one
 * alternation regex over each file (as latin1: one char per byte) instead of a scan per needle.
 */
function plaintextHits(files: Buffer[], needles: string[]): string[] {
  const bytes = (n: string, enc: BufferEncoding): string => Buffer.from(n, enc).toString('latin1');
  const forms = new Set(needles.flatMap((n) => [bytes(n, 'utf8'), bytes(n, 'utf16le')]));
  const escape = (x: string): string => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // Longest first: at one position the regex takes the first alternative that matches.
  const re = new RegExp([...forms].sort((a, b) => b.length - a.length).map(escape).join('|'), 'g');
  const matched = new Set<string>();
  for (const f of files) for (const m of f.toString('latin1').matchAll(re)) matched.add(m[0]);
  // Matches do not overlap, so a needle inside another's match ("Ann" in "Ann Lee") is looked for there.
  const found = (n: string): boolean => [...matched].some((m) => m.includes(bytes(n, 'utf8')) || m.includes(bytes(n, 'utf16le')));
  return needles.filter(found);
}

describe('no plaintext PHI at rest', () => {
  it('the demo command prints the store, key file and first 20 patients', () => {
    expect(demo.patients).toHaveLength(20);
    expect(demo.patients[0]).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), mrn: expect.stringMatching(/^MRN\d+$/), name: expect.any(String) });
    expect(existsSync(demo.db) && existsSync(demo.keyFile)).toBe(true);
  });

  it('none of the printed names or MRNs appear in the demo store files', () => {
    const needles = demo.patients.flatMap((p) => [p.name, p.mrn, ...p.name.split(' ').filter((w) => w.length >= 5)]);
    const files = storeFiles(demo.db);
    expect(files.length).toBeGreaterThan(0);
    // Not even SQLite's own header is readable: SQLCipher 4 starts the file with a random salt.
    expect(files[0]?.subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
    expect(plaintextHits(files, needles)).toEqual([]);
    // The scan itself works: the same needles are found in a plaintext copy of what was printed.
    expect(plaintextHits([Buffer.from(JSON.stringify(demo))], needles)).toEqual(needles);
  });

  it('nor any of the 50 patients\' names, MRNs, birth dates or street addresses', () => {
    const needles = Array.from({ length: 50 }, (_, index) => generatePatientOnly({ seed: 1, index, heavy: index === 0 })).flatMap(({ patient, mrn }) => [
      mrn,
      ...(patient.name ?? []).flatMap((n) => [n.family ?? '', ...(n.given ?? [])]).filter((w) => w.length >= 5),
      ...(patient.birthDate === undefined ? [] : [patient.birthDate]),
      ...(patient.address ?? []).flatMap((a) => a.line ?? []),
    ]);
    expect(needles.length).toBeGreaterThan(150);
    expect(demo.patients.map((p) => p.mrn)).toEqual(Array.from({ length: 20 }, (_, index) => generatePatientOnly({ seed: 1, index, heavy: index === 0 }).mrn));
    expect(plaintextHits(storeFiles(demo.db), needles)).toEqual([]);
  });

  it('nor in the -wal and -shm while a connection holds un-checkpointed edits', async () => {
    const store = unwrap(await openStore({ path: demo.db, keyProvider: keyFileProvider({ path: demo.keyFile }) }));
    const first = demo.patients[19];
    if (first === undefined) throw new Error('demo printed no patients');
    const patient = unwrap(store.getResource(first.id)) as Patient;
    const renamed: Patient = { ...patient, name: [{ use: 'official', family: 'Thistlewaite', given: ['Marigold'] }] };
    unwrap(store.applyLocalMutation({
      mutationId: testUuid(11), deviceId: 'd-1', userId: 'u-1', resourceType: 'Patient', resourceId: first.id, patientId: first.id,
      op: 'update', baseVersion: '1', resource: renamed, createdAt: '2025-06-01T12:00:00Z',
    } as unknown as Mutation));
    expect(unwrap(store.searchPatients('thistlew', 5)).map((h) => h.patientId)).toEqual([first.id]);
    const wal = readFileSync(`${demo.db}-wal`);
    expect(wal.length).toBeGreaterThan(0);
    const needles = ['Thistlewaite', 'Marigold', ...demo.patients.flatMap((p) => [p.name, p.mrn])];
    expect(plaintextHits(storeFiles(demo.db), needles)).toEqual([]);
    store.close();
  });

  it('bad arguments are a clear error on stderr with exit code 2 and nothing on stdout', async () => {
    const run = await runToEnd(demoScript, ['--out', tempDir(), '--patients', 'lots'], desktopDir);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/--patients must be a whole number/);
  }, 30_000);
});

describe('real SQLCipher 4', () => {
  it('an independent SQLCipher build opens the file with the key and reads a patient back', async () => {
    const key = keyToHex(unwrap(readKeyFile(demo.keyFile)));
    const first = demo.patients[0];
    if (first === undefined) throw new Error('demo printed no patients');
    const db = new sqlite3.Database(demo.db, sqlite3.OPEN_READONLY);
    const all = (sql: string, ...params: unknown[]): Promise<Record<string, unknown>[]> =>
      new Promise((resolve, reject) => db.all(sql, params, (e: Error | null, rows: Record<string, unknown>[]) => (e ? reject(e) : resolve(rows))));
    try {
      await all('PRAGMA cipher_compatibility = 4');
      await all(`PRAGMA key = "x'${key}'"`);
      const version = await all('PRAGMA cipher_version');
      expect(String(version[0]?.['cipher_version'])).toMatch(/^4\./);
      const rows = await all(`SELECT json FROM resources WHERE resource_type = 'Patient' AND id = ?`, first.id);
      const patient = JSON.parse(String(rows[0]?.['json'])) as Patient;
      expect(patient.identifier?.some((i) => i.value === first.mrn)).toBe(true);
      const name = patient.name?.[0];
      expect([...(name?.given ?? []), name?.family].join(' ')).toBe(first.name);
    } finally {
      await new Promise<void>((resolve) => db.close(() => resolve()));
    }
  });
});
