/**
 * Writes a signed checkpoint of the central audit chains (every chain's head in one signed line) every `intervalSeconds` and once more on
 * shutdown, appending one JSON line to a file outside the database (0600) and, when configured,
 * one never-overwritten file per checkpoint to a second, write-once location (a WORM mount or an
 * object-lock bucket's sync folder). A checkpoint that cannot be written is logged and retried at
 * the next tick: the audit log itself never waits for it.
 */
import { randomUUID } from 'node:crypto';
import { appendFile, chmod, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Queryable } from '../db/database.ts';
import { markPositions, signCheckpoint, type ChainCheckpoint, type Checkpoint } from './checkpoint.ts';
import type { CheckpointKey } from './checkpoint-key.ts';

export interface CheckpointWriterOptions {
  db: Queryable;
  key: CheckpointKey;
  file: string;
  wormDir: string | null;
  intervalSeconds: number;
  logger: Logger;
  now: () => Date;
}

const HeadRow = z.object({ chain: z.coerce.number().int(), seq: z.coerce.number().int(), hash: z.string() });
const MarkRow = z.object({ chain: z.coerce.number().int(), chain_seq: z.coerce.number().int(), hash: z.string() });
/** Marks per chain: 16 chains x 48 stay within the 1,000 a line may carry. */
const MARKS_PER_CHAIN = 48;

export class CheckpointWriter {
  private readonly server = randomUUID();
  /** Head position of each chain at this writer's previous checkpoint. */
  private readonly previous = new Map<number, number>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<Checkpoint | null> = Promise.resolve(null);
  private stopped = false;

  constructor(private readonly o: CheckpointWriterOptions) {}

  /** Starts the periodic writer (first checkpoint at once, so a fresh start is attested). */
  start(): void {
    if (this.timer !== null || this.stopped) return;
    void this.checkpoint().catch(() => undefined);
    this.timer = setInterval(() => void this.checkpoint().catch(() => undefined), this.o.intervalSeconds * 1000);
    this.timer.unref();
  }

  /** Writes the last checkpoint and stops the timer (call before the pool closes). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.checkpoint(true).catch(() => undefined);
  }

  /** Reads the head and writes one checkpoint; checkpoints never run concurrently. */
  checkpoint(final = false): Promise<Checkpoint | null> {
    if (this.stopped && !final) return Promise.resolve(null);
    // A failed checkpoint must not stop the next one: chain on the previous one's settling.
    this.running = this.running.catch(() => null).then(() => this.writeOne()).catch((e: unknown) => {
      this.o.logger.error({ err: e instanceof Error ? e.message.slice(0, 300) : 'unknown' }, 'audit checkpoint could not be written');
      throw e;
    });
    return this.running;
  }

  private async writeOne(): Promise<Checkpoint> {
    // One statement, one snapshot: the heads of all chains as of the same instant.
    const heads = z.array(HeadRow).parse((await this.o.db.query('SELECT chain, seq, hash FROM audit.chain_heads ORDER BY chain')).rows);
    const want: { chain: number; pos: number }[] = [];
    for (const h of heads) {
      for (const pos of markPositions(this.previous.get(h.chain) ?? 0, h.seq, MARKS_PER_CHAIN)) if (pos !== h.seq) want.push({ chain: h.chain, pos });
    }
    const marks = new Map<number, [number, string][]>();
    if (want.length > 0) {
      const r = await this.o.db.query(
        'SELECT e.chain, e.chain_seq, e.hash FROM audit.events e JOIN unnest($1::smallint[], $2::bigint[]) AS w(chain, pos) ON e.chain = w.chain AND e.chain_seq = w.pos ORDER BY e.chain, e.chain_seq',
        [want.map((w) => w.chain), want.map((w) => w.pos)],
      );
      for (const m of z.array(MarkRow).parse(r.rows)) {
        const list = marks.get(m.chain) ?? [];
        list.push([m.chain_seq, m.hash]);
        marks.set(m.chain, list);
      }
    }
    const chains: ChainCheckpoint[] = heads.map((h) => ({ chain: h.chain, count: h.seq, head: h.seq === 0 ? null : h.hash, marks: marks.get(h.chain) ?? [] }));
    const checkpoint = signCheckpoint({ v: 2, server: this.server, keyId: this.o.key.keyId, at: this.o.now().toISOString(), chains }, this.o.key.privateKey);
    const count = heads.reduce((n, h) => n + h.seq, 0);
    const line = `${JSON.stringify(checkpoint)}\n`;
    await mkdir(dirname(this.o.file), { recursive: true, mode: 0o700 });
    await appendFile(this.o.file, line, { mode: 0o600 });
    await chmod(this.o.file, 0o600);
    if (this.o.wormDir !== null) {
      await mkdir(this.o.wormDir, { recursive: true, mode: 0o700 });
      const name = `${checkpoint.at.replace(/[:.]/g, '-')}-${this.server.slice(0, 8)}-${count}.json`;
      // 'wx': an existing file is never overwritten.
      await writeFile(join(this.o.wormDir, name), line, { mode: 0o400, flag: 'wx' });
    }
    for (const h of heads) this.previous.set(h.chain, h.seq);
    return checkpoint;
  }
}
