/** Where checkpoints and their key live: configured paths, or defaults under the data dir. */
import { join, resolve } from 'node:path';
import { defaultCheckpointKeyFile } from './checkpoint-key.ts';

export interface AuditCheckpointOptions {
  /** LANTERN_AUDIT_CHECKPOINT_KEY_FILE: Ed25519 PKCS#8 PEM; made on first start if missing. */
  keyFile?: string;
  /** LANTERN_AUDIT_CHECKPOINT_FILE: the JSON-lines file checkpoints are appended to. */
  file?: string;
  /** LANTERN_AUDIT_CHECKPOINT_WORM_DIR: optional write-once copy, one file per checkpoint. */
  wormDir?: string;
  /** LANTERN_AUDIT_CHECKPOINT_SECONDS: at most this long between checkpoints (default 60). */
  intervalSeconds?: number;
}

export interface AuditCheckpointSettings {
  keyFile: string;
  file: string;
  wormDir: string | null;
  intervalSeconds: number;
}

export const DEFAULT_CHECKPOINT_SECONDS = 60;

export function checkpointSettings(dataDir: string, o: AuditCheckpointOptions = {}): AuditCheckpointSettings {
  return {
    keyFile: resolve(o.keyFile ?? defaultCheckpointKeyFile(dataDir)),
    file: resolve(o.file ?? join(dataDir, 'audit-checkpoints.jsonl')),
    wormDir: o.wormDir === undefined ? null : resolve(o.wormDir),
    intervalSeconds: o.intervalSeconds ?? DEFAULT_CHECKPOINT_SECONDS,
  };
}
