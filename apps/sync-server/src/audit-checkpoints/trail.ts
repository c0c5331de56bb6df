/**
 * The whole audit check in one answer, for `audit.verify` (the privacy officer's screen): every chain
 * recomputed, then the signed checkpoints. A checkpoint mismatch is reported in the chain report's
 * shape, naming the first row that no longer matches (reason `checkpoint-mismatch`), a forged or
 * unreadable checkpoint (`checkpoint-invalid`) or removed rows (`rows-removed`).
 */
import type pg from 'pg';
import type { ServerConfig } from '../config.ts';
import { verifyCentralChain, type ChainReport } from '../db/verify-chain.ts';
import { readCheckpointKey } from './checkpoint-key.ts';
import { checkpointSettings } from './settings.ts';
import { loadCheckpoints, verifyCheckpoints } from './verify.ts';

export type TrailReport = ChainReport & { checkpoints: number };

export async function verifyAuditTrail(c: pg.ClientBase, config: Pick<ServerConfig, 'dataDir' | 'auditCheckpoints'>): Promise<TrailReport> {
  const chain = await verifyCentralChain(c);
  if (!chain.ok) return { ...chain, checkpoints: 0 };
  const s = checkpointSettings(config.dataDir, config.auditCheckpoints);
  const key = await readCheckpointKey(s.keyFile);
  if (key === null) return { ...chain, checkpoints: 0 };
  const report = await verifyCheckpoints(c, await loadCheckpoints(s.file, s.wormDir), key);
  const f = report.findings[0];
  if (f === undefined) return { ...chain, checkpoints: report.checkpoints };
  switch (f.kind) {
    case 'row-altered':
      return { ok: false, count: chain.count, seq: f.firstSeq, eventId: f.eventId ?? 'unknown', reason: 'checkpoint-mismatch', chain: f.chain, checkpoints: report.checkpoints };
    case 'rows-missing':
      return { ok: false, count: chain.count, seq: f.stored + 1, eventId: 'unknown', reason: 'rows-removed', chain: f.chain, checkpoints: report.checkpoints };
    case 'bad-signature':
    case 'unreadable-line':
      return { ok: false, count: chain.count, seq: 0, eventId: 'unknown', reason: 'checkpoint-invalid', checkpoints: report.checkpoints };
  }
}
