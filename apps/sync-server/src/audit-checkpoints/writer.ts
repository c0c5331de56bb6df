/**
 * Writes a signed checkpoint of the central audit chain every `intervalSeconds` and once more on
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
import { markPositions, signCheckpoint, type Checkpoint } from './checkpoint.ts';
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

const HeadRow = z.object({ seq: z.coerce.number().int(), hash: z.string() });

export class CheckpointWriter {
  private readonly server = randomUUID();
  private previous = 0;
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
    const head = await this.o.db.query('SELECT seq, hash FROM audit.events ORDER BY seq DESC LIMIT 1');
    const row = head.rows[0] === undefined ? null : HeadRow.parse(head.rows[0]);
    const count = row?.seq ?? 0;
    const positions = markPositions(this.previous, count).filter((s) => s !== count);
    const marks: [number, string][] = [];
    if (positions.length > 0) {
      const r = await this.o.db.query('SELECT seq, hash FROM audit.events WHERE seq = ANY($1::bigint[]) ORDER BY seq', [positions]);
      for (const m of z.array(HeadRow).parse(r.rows)) marks.push([m.seq, m.hash]);
    }
    const checkpoint = signCheckpoint({ v: 1, server: this.server, keyId: this.o.key.keyId, at: this.o.now().toISOString(), count, head: row?.hash ?? null, marks }, this.o.key.privateKey);
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
    this.previous = count;
    return checkpoint;
  }
}
