/** Starts the checkpoint writer of a running server (server.ts): loads or makes the key first. */
import type pg from 'pg';
import type { Logger } from 'pino';
import type { ServerConfig } from '../config.ts';
import { loadOrCreateCheckpointKey } from './checkpoint-key.ts';
import { checkpointSettings } from './settings.ts';
import { CheckpointWriter } from './writer.ts';

export async function startCheckpoints(o: { pool: pg.Pool; config: ServerConfig; logger: Logger }): Promise<CheckpointWriter> {
  const s = checkpointSettings(o.config.dataDir, o.config.auditCheckpoints);
  const key = await loadOrCreateCheckpointKey(s.keyFile);
  const writer = new CheckpointWriter({ db: o.pool, key, file: s.file, wormDir: s.wormDir, intervalSeconds: s.intervalSeconds, logger: o.logger, now: () => o.config.clock.now() });
  writer.start();
  return writer;
}
