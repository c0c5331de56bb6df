/**
 * Must show: a workstation killed while typing a note reopens with the draft, losing at most the
 * autosave interval. Real SQLCipher file, real child process, SIGKILL.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { unwrap } from '@lantern/core';
import { openStore } from '../store/open-store.ts';
import { keyFileProvider } from '../store/key/key-file.ts';
import { removeTempDirs, tempDir } from '../store/testing/temp-dir.ts';
import { runTs } from '../store/testing/run-ts.ts';
import { NoteDrafts } from './drafts.ts';
import { storeDbOf } from './testing/store-db-of.ts';

afterAll(removeTempDirs);

const PATIENT = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
const DRAFT = '0d0d0d0d-0d0d-4d0d-8d0d-000000000001';
const typist = fileURLToPath(new URL('./testing/draft-typist.ts', import.meta.url));
const desktopDir = fileURLToPath(new URL('../../../', import.meta.url));
const body = (s: string) => ({ title: 'Progress note', soap: { subjective: s, objective: '', assessment: '', plan: '' } });

async function freshStore() {
  const dir = tempDir('lantern-drafts-');
  const path = join(dir, 'store.db');
  const keyFile = join(dir, 'store.key');
  const store = unwrap(await openStore({ path, keyProvider: keyFileProvider({ path: keyFile, createIfMissing: true }) }));
  return { dir, path, keyFile, store };
}

describe('note drafts in the encrypted store', () => {
  it('saves, restores per user, never goes back to an older revision, and purges with the patient', async () => {
    const { store, path } = await freshStore();
    const drafts = new NoteDrafts(storeDbOf(store));
    expect(unwrap(drafts.save('u-1', { draftKey: DRAFT, patientId: PATIENT, body: body('Cough for 3 days'), revision: 2 })).saved).toBe(true);
    expect(unwrap(drafts.save('u-1', { draftKey: DRAFT, patientId: PATIENT, body: body('Cough'), revision: 1 })).saved).toBe(false);
    expect(unwrap(drafts.get('u-1', DRAFT))?.body.soap.subjective).toBe('Cough for 3 days');
    // Another user of the same workstation does not see it.
    expect(unwrap(drafts.get('u-2', DRAFT))).toBeNull();
    expect(unwrap(drafts.listForPatient('u-2', PATIENT))).toEqual([]);
    const bad = drafts.save('u-1', { draftKey: 'nope', patientId: PATIENT, body: body('x'), revision: 3 });
    expect(!bad.ok && bad.error.code).toBe('BAD_INPUT');
    store.close();
    // The draft text is not readable in the file (SQLCipher).
    expect(readFileSync(path).includes(Buffer.from('Cough for 3 days'))).toBe(false);
    const again = unwrap(await openStore({ path, keyProvider: keyFileProvider({ path: path.replace('store.db', 'store.key') }) }));
    const d2 = new NoteDrafts(storeDbOf(again));
    expect(unwrap(d2.listForPatient('u-1', PATIENT)).map((d) => d.body.soap.subjective)).toEqual(['Cough for 3 days']);
    expect(unwrap(d2.purgePatient(PATIENT))).toBe(1);
    expect(unwrap(d2.get('u-1', DRAFT))).toBeNull();
    again.close();
  });

  it('a process SIGKILLed mid-typing reopens with the draft, losing at most the autosave interval', async () => {
    const { store, path, keyFile } = await freshStore();
    store.close();
    const INTERVAL = 500;
    const KEY_MS = 20;
    const lines: { n: number; at: number }[] = [];
    await new Promise<void>((resolve, reject) => {
      const child = runTs(typist, [path, keyFile, 'u-1', PATIENT, DRAFT, String(INTERVAL), String(KEY_MS)], desktopDir);
      let buffered = '';
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.stdout.on('data', (d: Buffer) => {
        buffered += d.toString('utf8');
        const parts = buffered.split('\n');
        buffered = parts.pop() ?? '';
        for (const line of parts) {
          if (line === 'ready') setTimeout(() => child.kill('SIGKILL'), 2_000 + Math.random() * INTERVAL);
          const m = /^typed (\d+) (\d+)$/.exec(line);
          if (m !== null) lines.push({ n: Number(m[1]), at: Number(m[2]) });
        }
      });
      child.on('error', reject);
      child.on('close', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`typist exited on its own: ${stderr.slice(0, 300)}`))));
    });
    const last = lines[lines.length - 1];
    expect(last).toBeDefined();
    const reopened = unwrap(await openStore({ path, keyProvider: keyFileProvider({ path: keyFile }) }));
    expect(unwrap(reopened.integrityCheck())).toBe(true);
    const draft = unwrap(new NoteDrafts(storeDbOf(reopened)).get('u-1', DRAFT));
    reopened.close();
    expect(draft).not.toBeNull();
    const kept = draft!.body.soap.subjective.length;
    const keptAt = lines.find((l) => l.n === kept)?.at;
    expect(keptAt).toBeDefined();
    const lostMs = last!.at - keptAt!;
    console.log(`draft crash test: typed ${last!.n} chars, restored ${kept}; lost ${last!.n - kept} chars = ${lostMs} ms of typing (interval ${INTERVAL} ms)`);
    // At most one interval of typing, plus one keystroke and scheduling slack on a shared 2-core machine.
    expect(lostMs).toBeLessThanOrEqual(INTERVAL + KEY_MS + 150);
    expect(kept).toBeGreaterThan(0);
  }, 60_000);
});
