/**
 * Audit integrity for the privacy officer: the central chain and its signed checkpoints (the same
 * check as the verify-audit command), and what the server found in workstations' chains (gaps,
 * broken links, refused events, key mismatches, invalid proofs).
 */
import type pg from 'pg';
import { z } from 'zod';
import { verifyAuditTrail, type TrailReport } from '../../audit-checkpoints/trail.ts';
import type { ServerConfig } from '../../config.ts';

export interface DeviceFinding {
  id: string;
  deviceId: string;
  kind: string;
  at: string;
  detail: Record<string, string | number | boolean | null>;
}

/** Finding details shown on screen: ids, codes and positions; never a patient id or free text. */
const SHOWN_DETAIL = ['reason', 'atSeq', 'deviceSeq', 'expectedAfter', 'batchSize', 'claimedUserId', 'userId', 'action', 'purpose', 'sentBy'] as const;

const Row = z.object({ id: z.string(), device_id: z.string(), kind: z.string(), detail: z.record(z.string(), z.unknown()), created_at: z.date() });
const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export async function auditIntegrity(pool: pg.Pool, config: Pick<ServerConfig, 'dataDir' | 'auditCheckpoints'>): Promise<{ chain: TrailReport; findings: DeviceFinding[]; checkedAt: string }> {
  const c = await pool.connect();
  try {
    const chain = await verifyAuditTrail(c, config);
    const r = await c.query('SELECT id, device_id, kind, detail, created_at FROM audit.findings ORDER BY created_at DESC LIMIT 500');
    const findings = r.rows.map((raw) => {
      const f = Row.parse(raw);
      const detail: Record<string, string | number | boolean | null> = {};
      for (const k of SHOWN_DETAIL) {
        const v = Scalar.safeParse(f.detail[k]);
        if (v.success && f.detail[k] !== undefined) detail[k] = v.data;
      }
      return { id: f.id, deviceId: f.device_id, kind: f.kind, at: f.created_at.toISOString(), detail };
    });
    return { chain, findings, checkedAt: new Date().toISOString() };
  } finally {
    c.release();
  }
}
