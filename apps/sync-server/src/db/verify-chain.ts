/**
 * Recomputes the central audit chains from the stored rows, in pages, and names the first row
 * that does not verify (HIPAA 164.312(c)(2): a mechanism to corroborate that records were not
 * altered). Each chain (audit-log.ts) verifies alone, from its genesis, against its own links;
 * a chain's recorded head (audit.chain_heads) must be its last row, so rows cut off the end show.
 * Used by `verify-audit` and `audit.verify`.
 */
import type { ChainHead } from '@lantern/core';
import type pg from 'pg';
import { z } from 'zod';
import { verifyChain } from './audit-hash.ts';
import { AUDIT_CHAIN_COLUMNS, rowToChained } from './audit-log.ts';

/** One chain's verified extent. */
export interface ChainExtent {
  chain: number;
  count: number;
  head: ChainHead | null;
}

/**
 * `seq` and `eventId` of a failure name the row by its global row number (audit.events.seq);
 * `chain` says which chain broke. `head` on success is chain 0's head (the single chain's, before 0014).
 */
export type ChainReport =
  | { ok: true; count: number; head: ChainHead | null; chains: ChainExtent[] }
  | { ok: false; count: number; seq: number; eventId: string; reason: string; chain?: number };

const HeadsRow = z.object({ chain: z.coerce.number().int(), seq: z.coerce.number().int(), hash: z.string() });
const GlobalRow = z.object({ seq: z.coerce.number().int(), event_id: z.string() });

type ChainResult = { ok: true; extent: ChainExtent } | { ok: false; count: number; seq: number; eventId: string; reason: string; chain: number };

async function verifyOne(c: pg.ClientBase, chain: number, recorded: ChainHead | null, pageSize: number): Promise<ChainResult> {
  let head: ChainHead | null = null;
  let count = 0;
  for (;;) {
    const r = await c.query(`SELECT ${AUDIT_CHAIN_COLUMNS} FROM audit.events WHERE chain = $1 AND chain_seq > $2 ORDER BY chain_seq LIMIT $3`, [chain, head?.seq ?? 0, pageSize]);
    if (r.rows.length === 0) break;
    const events = r.rows.map(rowToChained);
    const v = verifyChain(events, head);
    if (!v.ok) {
      const bad = GlobalRow.safeParse(r.rows[v.index]);
      return { ok: false, count, seq: bad.success ? bad.data.seq : 0, eventId: bad.success ? bad.data.event_id : 'unknown', reason: v.reason, chain };
    }
    count += events.length;
    head = v.head;
  }
  // Rows removed from the end of a chain (with the head row left alone) break it here.
  if ((recorded?.seq ?? 0) !== (head?.seq ?? 0) || (recorded !== null && head !== null && recorded.hash !== head.hash)) {
    return { ok: false, count, seq: 0, eventId: 'unknown', reason: 'head-mismatch', chain };
  }
  return { ok: true, extent: { chain, count, head } };
}

export async function verifyCentralChain(c: pg.ClientBase, pageSize = 5000): Promise<ChainReport> {
  const heads = z.array(HeadsRow).parse((await c.query('SELECT chain, seq, hash FROM audit.chain_heads ORDER BY chain')).rows);
  const chains: ChainExtent[] = [];
  const failures: Extract<ChainResult, { ok: false }>[] = [];
  for (const h of heads) {
    const r = await verifyOne(c, h.chain, h.seq === 0 ? null : { seq: h.seq, hash: h.hash }, pageSize);
    if (r.ok) chains.push(r.extent);
    else failures.push(r);
  }
  const count = chains.reduce((n, x) => n + x.count, 0) + failures.reduce((n, x) => n + x.count, 0);
  // The first broken row in global order (a head mismatch, seq 0, sorts after named rows).
  const first = failures.sort((a, b) => (a.seq === 0 ? Infinity : a.seq) - (b.seq === 0 ? Infinity : b.seq))[0];
  if (first !== undefined) return { ...first, count };
  return { ok: true, count, head: chains.find((x) => x.chain === 0)?.head ?? null, chains };
}
