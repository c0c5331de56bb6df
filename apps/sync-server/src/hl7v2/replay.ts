/**
 * Replaying a queued message: the same handling as when it arrived (inbound.ts), on the stored raw
 * text, recorded on the same journal row (attempts + 1). The handlers write through the server's own
 * HTTP stack, which a tRPC procedure does not hold, so the running HL7 module registers its replayer
 * here against the server's pool (one per server process).
 */
import type pg from 'pg';
import type { Hl7Deps } from './deps.ts';
import { handleParsed } from './inbound.ts';
import { journalOutcome } from './journal.ts';
import { parseMessage, type Hl7Outcome } from './message.ts';

export type Replayer = (id: string, raw: string) => Promise<Hl7Outcome>;

const replayers = new WeakMap<pg.Pool, Replayer>();

export function registerReplayer(d: Hl7Deps): () => void {
  replayers.set(d.pool, async (id, raw) => {
    const parsed = parseMessage(raw);
    const outcome = await handleParsed(d, parsed);
    await d.pool.query('UPDATE hl7_inbound_messages SET attempts = attempts + 1 WHERE id = $1', [id]);
    await journalOutcome(d.pool, id, parsed.header, outcome);
    return outcome;
  });
  return () => replayers.delete(d.pool);
}

export const replayerFor = (pool: pg.Pool): Replayer | null => replayers.get(pool) ?? null;
