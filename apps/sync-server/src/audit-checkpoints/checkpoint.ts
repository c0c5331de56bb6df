/**
 * One signed checkpoint of the central audit chain: the head (position and hash), the time, and a
 * few intermediate hashes ("marks") between the previous checkpoint and this one, so that
 * verify-audit can name the first altered row rather than only the interval. The signature is
 * Ed25519 over the RFC 8785 canonical JSON of every other field.
 */
import { sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '@lantern/core';
import { z } from 'zod';

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/);

export const CheckpointSchema = z.object({
  v: z.literal(1),
  /** The app server process that wrote it (several servers each write their own lines). */
  server: z.string().min(1).max(100),
  keyId: z.string().regex(/^[0-9a-f]{32}$/),
  at: z.string().datetime(),
  /** Number of rows in the chain = seq of the head row (seq is contiguous from 1); 0 when empty. */
  count: z.number().int().min(0),
  head: Hex64.nullable(),
  /** [seq, hash] of rows between the previous checkpoint of this server and the head. */
  marks: z.array(z.tuple([z.number().int().min(1), Hex64])).max(1000),
  sig: z.string().min(1).max(200),
});
export type Checkpoint = z.infer<typeof CheckpointSchema>;
export type UnsignedCheckpoint = Omit<Checkpoint, 'sig'>;

const payload = (c: UnsignedCheckpoint): Buffer => {
  const { v, server, keyId, at, count, head, marks } = c;
  return Buffer.from(canonicalJson({ v, server, keyId, at, count, head, marks }), 'utf8');
};

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
