/**
 * Recomputes the central audit chain from the stored rows, in pages, and names the first row
 * that does not verify (HIPAA 164.312(c)(2): a mechanism to corroborate that records were not
 * altered). Used by `verify-audit` and `audit.verify`.
 */
import { verifyAuditChain, type ChainHead } from '@lantern/core';
import type pg from 'pg';
import { sha256Hex } from '../crypto.ts';
import { AUDIT_ROW_COLUMNS, rowToChained } from './audit-log.ts';

export type ChainReport =
  | { ok: true; count: number; head: ChainHead | null }
  | { ok: false; count: number; seq: number; eventId: string; reason: string };

export async function verifyCentralChain(c: pg.ClientBase, pageSize = 5000): Promise<ChainReport> {
  let head: ChainHead | null = null;
  let count = 0;
  for (;;) {
    const r = await c.query(`SELECT ${AUDIT_ROW_COLUMNS} FROM audit.events WHERE seq > $1 ORDER BY seq LIMIT $2`, [head?.seq ?? 0, pageSize]);
    if (r.rows.length === 0) return { ok: true, count, head };
    const events = r.rows.map(rowToChained);
    const v = verifyAuditChain(events, sha256Hex, head);
    if (!v.ok) {
      const bad = events[v.index];
      return { ok: false, count, seq: bad?.seq ?? v.seq, eventId: bad?.eventId ?? 'unknown', reason: v.reason };
    }
    count += events.length;
    head = v.head;
  }
}
