/**
 * The hard stop (issue item 3): an order set cannot be signed while a critical card lacks an
 * override reason taken from that card's own `overrideReasons`. The workstation and the server
 * both call this before accepting a signature.
 */
import type { Card } from './types.ts';

export interface CardOverride {
  cardUuid: string;
  reasonCode: string;
}

/** The critical cards still blocking signature (empty = may sign). */
export function signBlockers(cards: readonly Card[], overrides: readonly CardOverride[]): Card[] {
  return cards.filter((c) => c.indicator === 'critical'
    && !overrides.some((o) => o.cardUuid === c.uuid && c.overrideReasons.some((r) => r.code === o.reasonCode)));
}
