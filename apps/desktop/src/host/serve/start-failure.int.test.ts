/**
 * The browser-mode workstation (main.ts, run as `tsx` runs it) when its encrypted store cannot open:
 * one sentence with the cause and the fix on stderr, no stack trace, no launch link, a non-zero exit,
 * and the files left as they were (a missing key is not replaced by a new one).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { START_FAILED } from './start-failure.ts';

const APP = fileURLToPath(new URL('../../../', import.meta.url));
const TSX = join(APP, '../../node_modules/.bin/tsx');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A data dir holding an encrypted-looking store (whole SQLCipher pages of random bytes) and, if given, a key file. */
function dataDir(key: { text: string; mode: number } | null): string {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-start-failure-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'store.db'), randomBytes(8192), { mode: 0o600 });
  if (key !== null) {
    writeFileSync(join(dir, 'store.key'), key.text, { mode: key.mode });
    chmodSync(join(dir, 'store.key'), key.mode);
  }
  return dir;
}

function start(dir: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(TSX, ['src/host/serve/main.ts'], {
    cwd: APP, encoding: 'utf8', timeout: 60_000,
    // eslint-disable-next-line no-restricted-properties -- passed through to a child process, not read as configuration
    env: { PATH: process.env['PATH'] ?? '', LANTERN_WORKSTATION_DIR: dir, LANTERN_WORKSTATION_PORT: '0', LANTERN_MACHINE_POLICY_FILE: join(dir, 'no-policy.json') },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const oneSentence = (stderr: string): string => {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  const line = lines[0] ?? '';
  expect(line).not.toMatch(/https?:\/\/|launch=|\bat .+:\d+:\d+|Error:/);
  return line;
};

describe('browser-mode workstation whose store cannot open', { timeout: 120_000 }, () => {
  it('a missing key: says so before any link, exits non-zero and makes no new key', () => {
    const dir = dataDir(null);
    const r = start(dir);
    expect(r.status).toBe(START_FAILED);
    expect(r.stdout).toBe('');
    expect(oneSentence(r.stderr)).toBe(`The workstation cannot open its data: the key file ${join(dir, 'store.key')} is missing beside ${join(dir, 'store.db')}; restore it from the backup made with this data, or move ${join(dir, 'store.db')} aside (keep it: changes not yet synced are only there) to start with an empty store.`);
    expect(existsSync(join(dir, 'store.key'))).toBe(false);
  });

  it('a key file others can read: says to chmod it, before any link', () => {
    const dir = dataDir({ text: `${randomBytes(32).toString('hex')}\n`, mode: 0o644 });
    const r = start(dir);
    expect(r.status).toBe(START_FAILED);
    expect(r.stdout).toBe('');
    expect(oneSentence(r.stderr)).toContain(`run chmod 600 ${join(dir, 'store.key')}`);
  });

  it('a key that does not unlock the store: one sentence, no stack trace, the files unchanged', () => {
    const dir = dataDir({ text: `${randomBytes(32).toString('hex')}\n`, mode: 0o600 });
    const before = [readFileSync(join(dir, 'store.db')), readFileSync(join(dir, 'store.key'))];
    const r = start(dir);
    expect(r.status).toBe(START_FAILED);
    expect(oneSentence(r.stderr)).toBe(`The workstation cannot open its data: the key file ${join(dir, 'store.key')} does not unlock ${join(dir, 'store.db')} (a key from another workstation or backup); restore the matching key file, or move ${join(dir, 'store.db')} aside (keep it: changes not yet synced are only there) to start with an empty store.`);
    expect([readFileSync(join(dir, 'store.db')), readFileSync(join(dir, 'store.key'))]).toEqual(before);
  });
});
