/** Checkpoint format, signature and marks, and a writer that survives a failed checkpoint. */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Queryable } from '../db/database.ts';
import { chainsOf, checkpointSignatureValid, markPositions, parseCheckpointLines, signCheckpoint } from './checkpoint.ts';
import { checkpointKeyId, type CheckpointKey } from './checkpoint-key.ts';
import { CheckpointWriter } from './writer.ts';

const key = (): CheckpointKey => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKey, keyId: checkpointKeyId(publicKey) };
};
const H = (c: string) => c.repeat(64);

describe('checkpoints', () => {
  it('verify only with their own key and only unchanged', () => {
    const k = key();
    const c = signCheckpoint({ v: 1, server: 's', keyId: k.keyId, at: '2026-12-03T10:00:00.000Z', count: 5, head: H('a'), marks: [[4, H('b')]] }, k.privateKey);
    if (c.v !== 1) throw new Error('expected a v1 checkpoint');
    expect(checkpointSignatureValid(c, k.publicKey, k.keyId)).toBe(true);
    expect(checkpointSignatureValid({ ...c, count: 6 }, k.publicKey, k.keyId)).toBe(false);
    expect(checkpointSignatureValid({ ...c, marks: [[4, H('c')]] }, k.publicKey, k.keyId)).toBe(false);
    const other = key();
    expect(checkpointSignatureValid(c, other.publicKey, other.keyId)).toBe(false);
    expect(parseCheckpointLines(`${JSON.stringify(c)}\n{"v":2}\n\n`, 'f').map((l) => l.ok)).toEqual([true, false]);
    // A v1 line (one chain, before partitioning) is read as chain 0's attestation.
    expect(chainsOf(c)).toEqual([{ chain: 0, count: 5, head: H('a'), marks: [[4, H('b')]] }]);
  });

  it('bind every chain head under one signature (v2): no chain can be changed, dropped or added alone', () => {
    const k = key();
    const chains = [{ chain: 0, count: 5, head: H('a'), marks: [[4, H('b')]] as [number, string][] }, { chain: 1, count: 0, head: null, marks: [] }, { chain: 2, count: 2, head: H('c'), marks: [] }];
    const c = signCheckpoint({ v: 2, server: 's', keyId: k.keyId, at: '2026-12-03T10:00:00.000Z', chains }, k.privateKey);
    if (c.v !== 2) throw new Error('expected a v2 checkpoint');
    expect(checkpointSignatureValid(c, k.publicKey, k.keyId)).toBe(true);
    expect(checkpointSignatureValid({ ...c, chains: [chains[0], chains[1], { ...chains[2], head: H('d') }] as typeof chains }, k.publicKey, k.keyId)).toBe(false);
    expect(checkpointSignatureValid({ ...c, chains: chains.slice(0, 2) }, k.publicKey, k.keyId)).toBe(false);
    expect(checkpointSignatureValid({ ...c, chains: [...chains, { chain: 3, count: 0, head: null, marks: [] }] }, k.publicKey, k.keyId)).toBe(false);
    const parsed = parseCheckpointLines(`${JSON.stringify(c)}\n`, 'f');
    expect(parsed[0]?.ok === true && chainsOf(parsed[0].checkpoint).map((x) => x.chain)).toEqual([0, 1, 2]);
  });

  it('attest every row when few were added, else at most 64 evenly spaced ones ending at the head', () => {
    expect(markPositions(10, 13)).toEqual([11, 12, 13]);
    expect(markPositions(13, 13)).toEqual([]);
    const many = markPositions(0, 10_000);
    expect(many.length).toBeLessThanOrEqual(64);
    expect(many[many.length - 1]).toBe(10_000);
    expect(many[0]).toBeLessThanOrEqual(10_000 / 64 + 1);
  });

  it('a failed checkpoint (database briefly unreachable) does not stop the next one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lantern-cpw-'));
    let calls = 0;
    const db: Queryable = {
      query: ((sql: string) => {
        calls += 1;
        if (calls === 1) return Promise.reject(new Error('connection refused'));
        if (sql.includes('chain_heads')) return Promise.resolve({ rows: [{ chain: 0, seq: 3, hash: H('d') }, { chain: 1, seq: 0, hash: '' }] });
        return Promise.resolve({ rows: [{ chain: 0, chain_seq: 1, hash: H('e') }, { chain: 0, chain_seq: 2, hash: H('f') }] });
      }) as unknown as Queryable['query'],
    };
    const w = new CheckpointWriter({ db, key: key(), file: join(dir, 'cp.jsonl'), wormDir: null, intervalSeconds: 60, logger: pino({ level: 'silent' }), now: () => new Date() });
    await expect(w.checkpoint()).rejects.toThrow(/refused/);
    const second = await w.checkpoint();
    expect(second).toMatchObject({ v: 2, chains: [{ chain: 0, count: 3, head: H('d'), marks: [[1, H('e')], [2, H('f')]] }, { chain: 1, count: 0, head: null, marks: [] }] });
    expect(parseCheckpointLines(await readFile(join(dir, 'cp.jsonl'), 'utf8'), 'f')).toHaveLength(1);
    await rm(dir, { recursive: true, force: true });
  });
});
