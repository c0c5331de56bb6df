/**
 * Checks the central audit chains against the signed checkpoints (HIPAA 164.312(c)(2)). A chain
 * alone proves only internal consistency: a database superuser can disable the append-only
 * triggers, alter a row and recompute every later hash. The checkpoints, signed with a key the
 * database never holds, attest what the hash at given positions was when they were written, so
 * such a rewrite leaves every attested position at or after the altered row mismatching. The first
 * altered row lies after the last position that still matches and at or before the first that does
 * not; the marks make that interval a single row when few rows were added between checkpoints.
 * Positions are checked per chain (a v1 checkpoint attests chain 0); findings name rows by their
 * global row number (audit.events.seq), the first in that order first.
 */
import { readdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { assertNever } from '@lantern/core';
import { z } from 'zod';
import type { Queryable } from '../db/database.ts';
import { chainsOf, checkpointSignatureValid, parseCheckpointLines, type Checkpoint, type ParsedLine } from './checkpoint.ts';
import type { CheckpointKey } from './checkpoint-key.ts';

export type CheckpointFinding =
  | { kind: 'unreadable-line'; where: string }
  | { kind: 'bad-signature'; where: string }
  | { kind: 'rows-missing'; where: string; chain: number; attested: number; stored: number }
  | { kind: 'row-altered'; where: string; chain: number; firstSeq: number; lastSeq: number; eventId: string | null };

export interface CheckpointReport {
  ok: boolean;
  checkpoints: number;
  /** Rows the valid checkpoints attest: the sum over chains of the highest attested position. */
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

const Row = z.object({ seq: z.coerce.number().int(), chain_seq: z.coerce.number().int(), hash: z.string(), event_id: z.string() });
type Stored = { seq: number; hash: string; eventId: string };

/** The rows at these positions of one chain. */
async function storedAt(db: Queryable, chain: number, positions: number[]): Promise<Map<number, Stored>> {
  const out = new Map<number, Stored>();
  for (let i = 0; i < positions.length; i += 5000) {
    const r = await db.query('SELECT seq, chain_seq, hash, event_id FROM audit.events WHERE chain = $1 AND chain_seq = ANY($2::bigint[])', [chain, positions.slice(i, i + 5000)]);
    for (const row of z.array(Row).parse(r.rows)) out.set(row.chain_seq, { seq: row.seq, hash: row.hash, eventId: row.event_id });
  }
  return out;
}

type ChainFinding = Extract<CheckpointFinding, { kind: 'rows-missing' | 'row-altered' }>;

/** The first attested position of one chain that no longer matches, if any. */
async function checkChain(db: Queryable, chain: number, attested: Map<number, { hash: string; where: string }>): Promise<ChainFinding | null> {
  const positions = [...attested.keys()].sort((a, b) => a - b);
  const stored = await storedAt(db, chain, positions);
  const maxR = await db.query('SELECT coalesce(max(chain_seq), 0)::bigint AS n FROM audit.events WHERE chain = $1', [chain]);
  const storedCount = Number((maxR.rows[0] as { n: string | number } | undefined)?.n ?? 0);
  let lastGood = 0;
  for (const pos of positions) {
    const want = attested.get(pos);
    const have = stored.get(pos);
    if (want === undefined) continue;
    if (have === undefined) return { kind: 'rows-missing', where: want.where, chain, attested: pos, stored: storedCount };
    if (have.hash !== want.hash) {
      const first = lastGood + 1;
      const firstRow = first === pos ? have : (await storedAt(db, chain, [first])).get(first);
      return { kind: 'row-altered', where: want.where, chain, firstSeq: firstRow?.seq ?? 0, lastSeq: have.seq, eventId: firstRow?.eventId ?? null };
    }
    lastGood = pos;
  }
  return null;
}

export async function verifyCheckpoints(db: Queryable, lines: readonly ParsedLine[], key: CheckpointKey): Promise<CheckpointReport> {
  const findings: CheckpointFinding[] = [];
  const valid: { c: Checkpoint; where: string }[] = [];
  for (const l of lines) {
    if (!l.ok) findings.push({ kind: 'unreadable-line', where: l.where });
    else if (!checkpointSignatureValid(l.checkpoint, key.publicKey, key.keyId)) findings.push({ kind: 'bad-signature', where: l.where });
    else valid.push({ c: l.checkpoint, where: l.where });
  }
  // Every position a valid checkpoint attests, per chain, with the first checkpoint that attests it.
  const attested = new Map<number, Map<number, { hash: string; where: string }>>();
  for (const { c, where } of valid) {
    for (const part of chainsOf(c)) {
      const map = attested.get(part.chain) ?? new Map<number, { hash: string; where: string }>();
      attested.set(part.chain, map);
      const pairs: [number, string][] = part.head === null ? [...part.marks] : [...part.marks, [part.count, part.head]];
      for (const [pos, hash] of pairs) if (!map.has(pos)) map.set(pos, { hash, where });
    }
  }
  const chainFindings: ChainFinding[] = [];
  let attestedCount = 0;
  for (const [chain, map] of [...attested].sort((a, b) => a[0] - b[0])) {
    attestedCount += Math.max(0, ...map.keys());
    const f = await checkChain(db, chain, map);
    if (f !== null) chainFindings.push(f);
  }
  // Altered rows first, in global order (the row a reviewer should look at first), then removals.
  const order = (f: ChainFinding) => (f.kind === 'row-altered' ? f.firstSeq : Number.MAX_SAFE_INTEGER);
  findings.push(...chainFindings.sort((a, b) => order(a) - order(b)));
  return { ok: findings.length === 0, checkpoints: valid.length, attestedCount, findings };
}

/** One line per finding, for verify-audit's output (no PHI: positions, event ids and file lines only). */
export function describeFinding(f: CheckpointFinding): string {
  switch (f.kind) {
    case 'unreadable-line':
      return `checkpoint ${f.where} is not a readable checkpoint`;
    case 'bad-signature':
      return `checkpoint ${f.where} does not verify with the checkpoint key (forged or altered)`;
    case 'rows-missing':
      return `rows removed: checkpoint ${f.where} attests position ${f.attested} of chain ${f.chain}, the chain ends at position ${f.stored}`;
    case 'row-altered':
      return f.firstSeq === f.lastSeq
        ? `first row that no longer matches the signed checkpoints: seq ${f.firstSeq} (event ${f.eventId ?? 'unknown'}); every later hash was recomputed (checkpoint ${f.where})`
        : `a row between seq ${f.firstSeq} and seq ${f.lastSeq} was altered and every later hash recomputed; first candidate event ${f.eventId ?? 'unknown'} (checkpoint ${f.where})`;
    default:
      return assertNever(f, 'checkpoint finding');
  }
}
