/**
 * Checks the central audit chain against the signed checkpoints (HIPAA 164.312(c)(2)). The chain
 * alone proves only internal consistency: a database superuser can disable the append-only
 * triggers, alter a row and recompute every later hash. The checkpoints, signed with a key the
 * database never holds, attest what the hash at given positions was when they were written, so
 * such a rewrite leaves every attested position at or after the altered row mismatching. The first
 * altered row lies after the last position that still matches and at or before the first that does
 * not; the marks make that interval a single row when few rows were added between checkpoints.
 */
import { readdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { assertNever } from '@lantern/core';
import { z } from 'zod';
import type { Queryable } from '../db/database.ts';
import { checkpointSignatureValid, parseCheckpointLines, type Checkpoint, type ParsedLine } from './checkpoint.ts';
import type { CheckpointKey } from './checkpoint-key.ts';

export type CheckpointFinding =
  | { kind: 'unreadable-line'; where: string }
  | { kind: 'bad-signature'; where: string }
  | { kind: 'rows-missing'; where: string; attested: number; stored: number }
  | { kind: 'row-altered'; where: string; firstSeq: number; lastSeq: number; eventId: string | null };

export interface CheckpointReport {
  ok: boolean;
  checkpoints: number;
  /** Highest position a valid checkpoint attests. */
  attestedCount: number;
  findings: CheckpointFinding[];
}

/** Reads the checkpoint file and every file of the write-once directory (duplicates are harmless). */
export async function loadCheckpoints(file: string, wormDir: string | null): Promise<ParsedLine[]> {
  const out: ParsedLine[] = [];
  if (existsSync(file)) out.push(...parseCheckpointLines(await readFile(file, 'utf8'), file));
  if (wormDir !== null && existsSync(wormDir)) {
    for (const name of (await readdir(wormDir)).sort()) {
      if (name.endsWith('.json')) out.push(...parseCheckpointLines(await readFile(join(wormDir, name), 'utf8'), join(wormDir, name)));
    }
  }
  return out;
}

const Row = z.object({ seq: z.coerce.number().int(), hash: z.string(), event_id: z.string() });

async function storedAt(db: Queryable, positions: number[]): Promise<Map<number, { hash: string; eventId: string }>> {
  const out = new Map<number, { hash: string; eventId: string }>();
  for (let i = 0; i < positions.length; i += 5000) {
    const r = await db.query('SELECT seq, hash, event_id FROM audit.events WHERE seq = ANY($1::bigint[])', [positions.slice(i, i + 5000)]);
    for (const row of z.array(Row).parse(r.rows)) out.set(row.seq, { hash: row.hash, eventId: row.event_id });
  }
  return out;
}

export async function verifyCheckpoints(db: Queryable, lines: readonly ParsedLine[], key: CheckpointKey): Promise<CheckpointReport> {
  const findings: CheckpointFinding[] = [];
  const valid: { c: Checkpoint; where: string }[] = [];
  for (const l of lines) {
    if (!l.ok) findings.push({ kind: 'unreadable-line', where: l.where });
    else if (!checkpointSignatureValid(l.checkpoint, key.publicKey, key.keyId)) findings.push({ kind: 'bad-signature', where: l.where });
    else valid.push({ c: l.checkpoint, where: l.where });
  }
  // Every position a valid checkpoint attests, with the first checkpoint that attests it.
  const attested = new Map<number, { hash: string; where: string }>();
  for (const { c, where } of valid) {
    const pairs: [number, string][] = c.head === null ? [...c.marks] : [...c.marks, [c.count, c.head]];
    for (const [seq, hash] of pairs) if (!attested.has(seq)) attested.set(seq, { hash, where });
  }
  const positions = [...attested.keys()].sort((a, b) => a - b);
  const stored = await storedAt(db, positions);
  const maxR = await db.query('SELECT coalesce(max(seq), 0)::bigint AS n FROM audit.events');
  const storedCount = Number((maxR.rows[0] as { n: string | number } | undefined)?.n ?? 0);
  let lastGood = 0;
  for (const seq of positions) {
    const want = attested.get(seq);
    const have = stored.get(seq);
    if (want === undefined) continue;
    if (have === undefined) {
      findings.push({ kind: 'rows-missing', where: want.where, attested: seq, stored: storedCount });
      break;
    }
    if (have.hash !== want.hash) {
      const first = lastGood + 1;
      const firstRow = first === seq ? have : (await storedAt(db, [first])).get(first);
      findings.push({ kind: 'row-altered', where: want.where, firstSeq: first, lastSeq: seq, eventId: firstRow?.eventId ?? null });
      break;
    }
    lastGood = seq;
  }
  return { ok: findings.length === 0, checkpoints: valid.length, attestedCount: positions[positions.length - 1] ?? 0, findings };
}

/** One line per finding, for verify-audit's output (no PHI: positions, event ids and file lines only). */
export function describeFinding(f: CheckpointFinding): string {
  switch (f.kind) {
    case 'unreadable-line':
      return `checkpoint ${f.where} is not a readable checkpoint`;
    case 'bad-signature':
      return `checkpoint ${f.where} does not verify with the checkpoint key (forged or altered)`;
    case 'rows-missing':
      return `rows removed: checkpoint ${f.where} attests seq ${f.attested}, the table ends at seq ${f.stored}`;
    case 'row-altered':
      return f.firstSeq === f.lastSeq
        ? `first row that no longer matches the signed checkpoints: seq ${f.firstSeq} (event ${f.eventId ?? 'unknown'}); every later hash was recomputed (checkpoint ${f.where})`
        : `a row between seq ${f.firstSeq} and seq ${f.lastSeq} was altered and every later hash recomputed; first candidate event ${f.eventId ?? 'unknown'} (checkpoint ${f.where})`;
    default:
      return assertNever(f, 'checkpoint finding');
  }
}
