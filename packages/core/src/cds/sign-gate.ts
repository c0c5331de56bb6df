/**
 * The sign gate: an order set cannot be signed while a critical card lacks an override reason
 * taken from that card's own `overrideReasons`, or while any hard-stop card remains. The workstation and the server
 * both call this before accepting a signature.
 */
import type { Card } from './types.ts';

export interface CardOverride {
  cardUuid: string;
  reasonCode: string;
}

/**
 * A hard stop: an impossible order (a dose at or above ten times the maximum, a dose of zero or
 * less, a unit that does not fit the drug, a weight-based dose with no weight). It is critical,
 * offers no override reason and is never suppressed: the order must be corrected.
 */
export const isHardStop = (card: Card): boolean =>
  card.extension['lantern.hardStop'] === true && card.indicator === 'critical';

/** The critical cards still blocking signature (empty = may sign). Hard stops block whatever the overrides. */
export function signBlockers(cards: readonly Card[], overrides: readonly CardOverride[]): Card[] {
  return cards.filter((c) => c.indicator === 'critical' && (isHardStop(c)
    || !overrides.some((o) => o.cardUuid === c.uuid && c.overrideReasons.some((r) => r.code === o.reasonCode))));
}
