import { afterAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { chmodSync, closeSync, existsSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { unwrap, type LanternError, type Result } from '@lantern/core';
import { openStore, openReadonlyStore } from './open-store.ts';
import { explicitKeyProvider, noKeyProvider, randomKey } from './key/key-provider.ts';
import { keyFileProvider, nextKeyPath, readKeyFile } from './key/key-file.ts';
import { rotateStoreKeyFile } from './key/rotate-key-file.ts';
import { changesFor } from './seed-changes.ts';
import { fixtureChart } from './testing/chart-fixture.ts';
import { removeTempDirs, tempDir } from './testing/temp-dir.ts';

afterAll(removeTempDirs);

const fileHash = (p: string): string => (existsSync(p) ? createHash('sha256').update(readFileSync(p)).digest('hex') : 'absent');
const filesHash = (db: string): string => ['', '-wal', '-shm'].map((s) => fileHash(db + s)).join(',');
const codeOf = <T>(r: Result<T, LanternError>): string => (r.ok ? 'ok' : r.error.code);

/** A store with one chart, closed, and (optionally) a hot WAL left behind by a second open connection. */
async function makeStore(key: Uint8Array): Promise<{ path: string; patientId: string }> {
  const path = join(tempDir(), 'chart.db');
  const s = unwrap(await openStore({ path, keyProvider: explicitKeyProvider(key) }));
  const chart = fixtureChart({ given: 'Ignatius', family: 'Wolfhart', mrn: 'MRN000000042', birthDate: '1975-05-05', allergies: 'nka' });
  unwrap(s.upsertChanges(changesFor(chart.resources, { firstSeq: 1, lastUpdated: '2025-01-01T00:00:00Z' })));
  s.close();
  return { path, patientId: chart.patientId };
}

describe('opening the store', () => {
  it('a wrong key is STORE_KEY_INVALID and leaves the file byte-for-byte untouched', async () => {
    const { path } = await makeStore(randomKey());
    const before = filesHash(path);
    expect(codeOf(await openStore({ path, keyProvider: explicitKeyProvider(randomKey()) }))).toBe('STORE_KEY_INVALID');
    expect(codeOf(await openReadonlyStore({ path, keyProvider: explicitKeyProvider(randomKey()) }))).toBe('STORE_KEY_INVALID');
    expect(filesHash(path)).toBe(before);
  });

  it('a wrong key does not touch a store whose WAL has not been checkpointed', async () => {
    const key = randomKey();
    const { path } = await makeStore(key);
    const writer = unwrap(await openStore({ path, keyProvider: explicitKeyProvider(key) }));
    unwrap(writer.setCursor('77'));
    // The -shm is SQLite's shared-memory WAL index (lock bytes and reader marks, no data): a reader
    // may move a read mark in it while the writer holds the WAL open. The data files must not change.
    const dataHash = (): string => [fileHash(path), fileHash(`${path}-wal`)].join(',');
    const before = dataHash();
    expect(fileHash(`${path}-wal`)).not.toBe('absent');
    expect(codeOf(await openStore({ path, keyProvider: explicitKeyProvider(randomKey()) }))).toBe('STORE_KEY_INVALID');
    expect(dataHash()).toBe(before);
    writer.close();
  });

  it('no key is STORE_LOCKED, before the file is even opened', async () => {
    const { path } = await makeStore(randomKey());
    const before = filesHash(path);
    expect(codeOf(await openStore({ path, keyProvider: noKeyProvider }))).toBe('STORE_LOCKED');
    expect(codeOf(await openStore({ path, keyProvider: keyFileProvider({ path: join(tempDir(), 'missing.key') }) }))).toBe('STORE_LOCKED');
    expect(filesHash(path)).toBe(before);
  });

  it('a key file others can read is refused with STORE_KEY_INVALID, file untouched', async () => {
    const key = randomKey();
    const { path } = await makeStore(key);
    const keyFile = join(tempDir(), 'store.key');
    writeFileSync(keyFile, Buffer.from(key).toString('hex'), { mode: 0o644 });
    chmodSync(keyFile, 0o644);
    const before = filesHash(path);
    const r = await openStore({ path, keyProvider: keyFileProvider({ path: keyFile }) });
    expect(codeOf(r)).toBe('STORE_KEY_INVALID');
    if (!r.ok) expect(r.error.message).toMatch(/chmod 600/);
    chmodSync(keyFile, 0o600);
    const s = unwrap(await openStore({ path, keyProvider: keyFileProvider({ path: keyFile }) }));
    s.close();
    expect(before).not.toBe('');
  });

  it('creates a 0600 key file on first run only when asked, and never overwrites one', async () => {
    const dir = tempDir();
    const keyFile = join(dir, 'store.key');
    const provider = keyFileProvider({ path: keyFile, createIfMissing: true });
    const k1 = unwrap(await provider.getKey());
    expect(readFileSync(keyFile, 'utf8').trim()).toBe(Buffer.from(k1).toString('hex'));
    expect((await import('node:fs')).statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(unwrap(await provider.getKey())).toEqual(k1);
    writeFileSync(keyFile, 'not a key');
    expect(codeOf(await provider.getKey())).toBe('STORE_KEY_INVALID');
  });

  it('a damaged file is STORE_CORRUPT: truncated, plaintext SQLite, or a bad page', async () => {
    const key = randomKey();
    const { path, patientId } = await makeStore(key);
    const truncated = join(tempDir(), 'truncated.db');
    writeFileSync(truncated, readFileSync(path).subarray(0, 5000));
    const truncatedBefore = filesHash(truncated);
    expect(codeOf(await openStore({ path: truncated, keyProvider: explicitKeyProvider(key) }))).toBe('STORE_CORRUPT');
    expect(filesHash(truncated)).toBe(truncatedBefore);

    const plain = join(tempDir(), 'plain.db');
    new Database(plain).exec('CREATE TABLE t (x)').close();
    const plainBefore = filesHash(plain);
    expect(codeOf(await openStore({ path: plain, keyProvider: explicitKeyProvider(key) }))).toBe('STORE_CORRUPT');
    expect(filesHash(plain)).toBe(plainBefore);

    // Damage every page but the first: the key still opens the file, reading any data fails its HMAC.
    const size = readFileSync(path).length;
    const fd = openSync(path, 'r+');
    for (let page = 1; page < size / 4096; page++) writeSync(fd, Buffer.alloc(64, 0x5a), 0, 64, page * 4096 + 1000);
    closeSync(fd);
    const s = await openStore({ path, keyProvider: explicitKeyProvider(key) });
    const results = s.ok ? [codeOf(s.value.openChart(patientId)), codeOf(s.value.integrityCheck())] : [s.error.code];
    expect(results).toContain('STORE_CORRUPT');
    if (s.ok) s.value.close();
  });
});

describe('key rotation', () => {
  it('after rekey only the new key opens the store, and the chart is intact', async () => {
    const oldKey = randomKey();
    const newKey = randomKey();
    const { path, patientId } = await makeStore(oldKey);
    const s = unwrap(await openStore({ path, keyProvider: explicitKeyProvider(oldKey) }));
    unwrap(s.rekey(newKey));
    s.close();
    expect(codeOf(await openStore({ path, keyProvider: explicitKeyProvider(oldKey) }))).toBe('STORE_KEY_INVALID');
    const reopened = unwrap(await openStore({ path, keyProvider: explicitKeyProvider(newKey) }));
    expect(unwrap(reopened.banner(patientId)).name).toBe('Ignatius Wolfhart');
    expect(unwrap(reopened.integrityCheck())).toBe(true);
    reopened.close();
  });

  it('rotating a key file replaces the key durably, and an interrupted rotation is finished on open', async () => {
    const dir = tempDir();
    const keyFile = join(dir, 'store.key');
    const path = join(dir, 'chart.db');
    const provider = keyFileProvider({ path: keyFile, createIfMissing: true });
    const s = unwrap(await openStore({ path, keyProvider: provider }));
    const oldKey = unwrap(readKeyFile(keyFile));
    unwrap(rotateStoreKeyFile(s, keyFile));
    s.close();
    const newKey = unwrap(readKeyFile(keyFile));
    expect(newKey).not.toEqual(oldKey);
    expect(existsSync(nextKeyPath(keyFile))).toBe(false);
    expect(codeOf(await openStore({ path, keyProvider: explicitKeyProvider(oldKey) }))).toBe('STORE_KEY_INVALID');

    // Simulate a crash after the rekey but before the key file was replaced.
    const third = randomKey();
    const s2 = unwrap(await openStore({ path, keyProvider: provider }));
    writeFileSync(nextKeyPath(keyFile), Buffer.from(third).toString('hex'), { mode: 0o600 });
    unwrap(s2.rekey(third));
    s2.close();
    const s3 = unwrap(await openStore({ path, keyProvider: provider }));
    s3.close();
    expect(unwrap(readKeyFile(keyFile))).toEqual(third);
    expect(existsSync(nextKeyPath(keyFile))).toBe(false);
  });
});
