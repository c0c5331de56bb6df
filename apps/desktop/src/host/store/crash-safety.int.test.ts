/**
 * Must show: a crash loses nothing that was acknowledged. A writer process commits edits one at a
 * time and acknowledges each; we SIGKILL it mid-stream again and again, then reopen.
 */
import { afterAll, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { unwrap } from '@lantern/core';
import { openStore } from './open-store.ts';
import { keyFileProvider } from './key/key-file.ts';
import { changesFor } from './seed-changes.ts';
import { fixtureChart } from './testing/chart-fixture.ts';
import { removeTempDirs, tempDir } from './testing/temp-dir.ts';
import { runTs } from './testing/run-ts.ts';

afterAll(removeTempDirs);

const KILLS = 20;
const writer = fileURLToPath(new URL('./testing/crash-writer.ts', import.meta.url));
const desktopDir = fileURLToPath(new URL('../../../', import.meta.url));

/** Starts the writer, lets it commit for a random while after it is ready, SIGKILLs it; returns the acks seen. */
function runAndKill(db: string, keyFile: string, patientId: string, tag: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = runTs(writer, [db, keyFile, patientId, String(tag)], desktopDir);
    const acks: string[] = [];
    let buffered = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'ready') setTimeout(() => child.kill('SIGKILL'), 10 + Math.random() * 90);
        else if (line.startsWith('ack ')) acks.push(line.slice(4));
      }
    });
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer exited without being killed: ${stderr.slice(0, 200)}`));
      else resolve(acks);
    });
  });
}

it(`every acknowledged write survives ${KILLS} SIGKILLs, and the file passes integrity_check`, async () => {
  const dir = tempDir();
  const db = join(dir, 'crash.db');
  const keyFile = join(dir, 'crash.key');
  const setup = unwrap(await openStore({ path: db, keyProvider: keyFileProvider({ path: keyFile, createIfMissing: true }) }));
  const chart = fixtureChart({ given: 'Crash', family: 'Dummy', mrn: 'MRN000000067', birthDate: '1970-01-01', allergies: 'nka' });
  unwrap(setup.upsertChanges(changesFor(chart.resources, { firstSeq: 1, lastUpdated: '2025-01-01T00:00:00Z' })));
  setup.close();

  const acked: string[] = [];
  let killedMidStream = 0;
  for (let run = 1; run <= KILLS; run++) {
    const acks = await runAndKill(db, keyFile, chart.patientId, run);
    if (acks.length > 0) killedMidStream += 1;
    acked.push(...acks);
  }
  // The kills really landed while writes were flowing (not before the first one), in most runs.
  expect(killedMidStream).toBeGreaterThanOrEqual(KILLS / 2);

  const store = unwrap(await openStore({ path: db, keyProvider: keyFileProvider({ path: keyFile }) }));
  expect(unwrap(store.integrityCheck())).toBe(true);
  const missing = acked.filter((id) => unwrap(store.getResource(id)) === null);
  expect(missing).toEqual([]);
  // The outbox holds every acknowledged edit, in the order it was made.
  const outbox = unwrap(store.peekOutbox(1_000_000)).map((e) => e.mutation.resourceId as string);
  const ackedSet = new Set(acked);
  expect(outbox.filter((id) => ackedSet.has(id))).toEqual(acked);
  store.close();
}, 90_000);
