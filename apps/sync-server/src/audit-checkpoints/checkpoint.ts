/**
 * One signed checkpoint of the central audit chains: for every chain its head (position and hash)
 * and a few intermediate hashes ("marks") between the previous checkpoint and this one, so that
 * verify-audit can name the first altered row rather than only the interval, and the time. One
 * signature over all the heads binds the chains together: no chain can be rewritten, truncated or
 * dropped without contradicting a signed line. The signature is Ed25519 over the RFC 8785
 * canonical JSON of every other field. Version 1 (before the chains were partitioned, 0014)
 * attested the single chain, which is chain 0 now with the same positions and hashes: v1 lines
 * keep verifying as chain-0 attestations.
 */
import { sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '@lantern/core';
import { z } from 'zod';

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/);

const Mark = z.tuple([z.number().int().min(1), Hex64]);

/** One chain's part of a v2 checkpoint. */
export const ChainCheckpointSchema = z.object({
  chain: z.number().int().min(0).max(32767),
  /** Number of rows in the chain = position of its head (positions are contiguous from 1); 0 when empty. */
  count: z.number().int().min(0),
  head: Hex64.nullable(),
  /** [position, hash] of rows between the previous checkpoint of this server and the head. */
  marks: z.array(Mark).max(1000),
});
export type ChainCheckpoint = z.infer<typeof ChainCheckpointSchema>;

export const CheckpointV2Schema = z.object({
  v: z.literal(2),
  server: z.string().min(1).max(100),
  keyId: z.string().regex(/^[0-9a-f]{32}$/),
  at: z.string().datetime(),
  chains: z.array(ChainCheckpointSchema).min(1).max(1024),
  sig: z.string().min(1).max(200),
});

export const CheckpointV1Schema = z.object({
  v: z.literal(1),
  /** The app server process that wrote it (several servers each write their own lines). */
  server: z.string().min(1).max(100),
  keyId: z.string().regex(/^[0-9a-f]{32}$/),
  at: z.string().datetime(),
  /** Number of rows in the chain = seq of the head row (seq is contiguous from 1); 0 when empty. */
  count: z.number().int().min(0),
  head: Hex64.nullable(),
  /** [seq, hash] of rows between the previous checkpoint of this server and the head. */
  marks: z.array(Mark).max(1000),
  sig: z.string().min(1).max(200),
});

export const CheckpointSchema = z.discriminatedUnion('v', [CheckpointV1Schema, CheckpointV2Schema]);
export type Checkpoint = z.infer<typeof CheckpointSchema>;
export type UnsignedCheckpoint = Checkpoint extends infer C ? (C extends Checkpoint ? Omit<C, 'sig'> : never) : never;

/** Exactly the signed fields of each version (never extra properties). */
const payload = (c: UnsignedCheckpoint): Buffer => {
  if (c.v === 1) {
    const { v, server, keyId, at, count, head, marks } = c;
    return Buffer.from(canonicalJson({ v, server, keyId, at, count, head, marks }), 'utf8');
  }
  const { v, server, keyId, at, chains } = c;
  return Buffer.from(canonicalJson({ v, server, keyId, at, chains: chains.map(({ chain, count, head, marks }) => ({ chain, count, head, marks })) }), 'utf8');
};

/** Every chain a checkpoint attests (a v1 line attests chain 0). */
export function chainsOf(c: Checkpoint): ChainCheckpoint[] {
  return c.v === 1 ? [{ chain: 0, count: c.count, head: c.head, marks: c.marks }] : c.chains;
}

export function signCheckpoint(c: UnsignedCheckpoint, privateKey: KeyObject): Checkpoint {
  return { ...c, sig: sign(null, payload(c), privateKey).toString('base64') };
}

export function checkpointSignatureValid(c: Checkpoint, publicKey: KeyObject, keyId: string): boolean {
  if (c.keyId !== keyId) return false;
  try {
    return verify(null, payload(c), publicKey, Buffer.from(c.sig, 'base64'));
  } catch {
    return false;
  }
}

export type ParsedLine = { ok: true; checkpoint: Checkpoint; where: string } | { ok: false; where: string };

/** Parses a JSON-lines file of checkpoints; a line that is not a checkpoint is reported, not skipped. */
export function parseCheckpointLines(text: string, source: string): ParsedLine[] {
  const out: ParsedLine[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${source}:${i + 1}`;
    try {
      const parsed = CheckpointSchema.safeParse(JSON.parse(line));
      out.push(parsed.success ? { ok: true, checkpoint: parsed.data, where } : { ok: false, where });
    } catch {
      out.push({ ok: false, where });
    }
  });
  return out;
}

/**
 * Which rows a checkpoint attests besides its head: every row when few were added since the last
 * checkpoint, else up to `max` evenly spaced ones ending at the head.
 */
export function markPositions(previous: number, head: number, max = 64): number[] {
  if (head <= previous) return [];
  const span = head - previous;
  const stride = Math.max(1, Math.ceil(span / max));
  const out: number[] = [];
  for (let s = head; s > previous; s -= stride) out.push(s);
  return out.reverse();
}
