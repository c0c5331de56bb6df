/**
 * The cards the service showed, per patient and clinician. CDS Hooks feedback names only a card's
 * uuid (https://cds-hooks.hl7.org/2.0/#feedback), so this is how an override is tied back to the
 * card (its offered override reasons, suppression key, rule and entry) and to the patient, and why
 * a clinician can only give feedback on cards that were shown to them. Card uuids are
 * deterministic (rule + entry + orders), so a repeated call finds the same row; it is rewritten
 * only when the card changed (so `issued_at` is when this version was first shown), which keeps the
 * common case, the same cards again, free of writes and of a second WAL flush per call.
 */
import { createHash } from 'node:crypto';
import type { Card } from '@lantern/core/cds';
import { z } from 'zod';
import type { Queryable } from '../db/database.ts';

export interface IssuedCard {
  patientId: string;
  serviceId: string;
  card: Card;
}

/**
 * Skips the write when this process already stored exactly these cards for this patient and
 * clinician (the usual case: the same order signed again, or re-evaluated on each edit). Only a
 * redundant write is skipped: the rows exist, and a card's uuid fixes what feedback needs from it
 * (rule, entry, pair, override reasons), so another server rewriting a row changes nothing here.
 */
export class IssuedCardsWriter {
  private readonly stored = new Map<string, string>();
  constructor(private readonly maxEntries = 50_000) {}

  async store(q: Queryable, a: { patientId: string; userId: string; serviceId: string; hookInstance: string; now: Date }, cards: readonly Card[], cardsJson: string): Promise<void> {
    if (cards.length === 0) return;
    const key = `${a.patientId}|${a.userId}`;
    const digest = createHash('sha1').update(cardsJson).digest('base64');
    if (this.stored.get(key) === digest) return;
    await storeIssuedCards(q, a, cards, cardsJson);
    if (this.stored.size >= this.maxEntries) this.stored.clear();
    this.stored.set(key, digest);
  }
}

/** `cardsJson` is `JSON.stringify(cards)`, shared with the response so the cards are serialised once. */
export async function storeIssuedCards(
  q: Queryable, a: { patientId: string; userId: string; serviceId: string; hookInstance: string; now: Date }, cards: readonly Card[], cardsJson: string,
): Promise<void> {
  if (cards.length === 0) return;
  await q.query({
    name: 'cds-store-cards',
    text: `INSERT INTO cds_cards (patient_id, user_id, card_uuid, service_id, hook_instance, card, issued_at)
     SELECT $1::uuid, $2::uuid, x->>'uuid', $3, $4, x, $5 FROM jsonb_array_elements($6::jsonb) AS x
     ON CONFLICT (patient_id, user_id, card_uuid) DO UPDATE SET
       service_id = EXCLUDED.service_id, hook_instance = EXCLUDED.hook_instance, card = EXCLUDED.card, issued_at = EXCLUDED.issued_at
     WHERE cds_cards.card IS DISTINCT FROM EXCLUDED.card`,
    values: [a.patientId, a.userId, a.serviceId, a.hookInstance, a.now, cardsJson],
  });
}

const Row = z.object({ card_uuid: z.string(), patient_id: z.string(), service_id: z.string(), card: z.custom<Card>((v) => typeof v === 'object' && v !== null) });

/** The latest issue of each named card to this user (cards never shown to them are absent). */
export async function findIssuedCards(q: Queryable, userId: string, cardUuids: readonly string[]): Promise<Map<string, IssuedCard>> {
  const r = await q.query(
    `SELECT DISTINCT ON (card_uuid) card_uuid, patient_id::text AS patient_id, service_id, card FROM cds_cards
     WHERE user_id = $1::uuid AND card_uuid = ANY($2::text[]) ORDER BY card_uuid, issued_at DESC`,
    [userId, cardUuids],
  );
  const out = new Map<string, IssuedCard>();
  for (const row of r.rows) {
    const c = Row.parse(row);
    out.set(c.card_uuid, { patientId: c.patient_id, serviceId: c.service_id, card: c.card });
  }
  return out;
}
