/**
 * The shape of an order set: a named group of complete orders for one clinical situation, each
 * item pre-checked or optional, the whole set citing the guideline it follows. Checked with zod
 * where sets are loaded (a site may supply its own, like its own knowledge base).
 */
import { z } from 'zod';
import { CitationSchema } from '../../cds/kb/schema.ts';

const id = z.string().regex(/^[a-z0-9][a-z0-9-]{1,60}$/, 'must be a lower-case id');

/** A guideline: a real document with its year, so a reader can find and judge it. */
export const GuidelineSchema = CitationSchema.extend({
  year: z.number().int().min(1990).max(2100),
  url: z.string().url(),
});
export type Guideline = z.infer<typeof GuidelineSchema>;

const base = {
  id,
  /** Pre-checked items are ordered unless the clinician unticks them; the others are offered. */
  checked: z.boolean(),
  /** Why or when, shown beside the item ("if acute coronary syndrome is suspected"). */
  note: z.string().min(3).max(200).optional(),
};

export const OrderSetItemSchema = z.discriminatedUnion('kind', [
  z.object({
    ...base,
    kind: z.literal('medication'),
    /** A dose sentence id: the knowledge base's (`sentence/...`) or this module's (`order-set-sentence/...`). */
    sentenceId: z.string().min(3),
  }),
  z.object({
    ...base,
    kind: z.literal('service'),
    loinc: z.string().regex(/^[0-9]{1,7}-[0-9]$/, 'must be a LOINC code'),
    priority: z.enum(['routine', 'urgent', 'asap', 'stat']),
  }),
]);
export type OrderSetItem = z.infer<typeof OrderSetItemSchema>;

export const OrderSetSchema = z.object({
  id,
  name: z.string().min(3).max(80),
  /** Who it is for, in one line. */
  indication: z.string().min(3).max(200),
  guideline: GuidelineSchema,
  /** Further evidence for single items (a drug's guideline), when the main guideline does not cover it. */
  alsoCites: z.array(GuidelineSchema).default([]),
  /** What the set deliberately leaves to another order path (e.g. infusions), said on screen. */
  caveat: z.string().min(3).max(300).optional(),
  items: z.array(OrderSetItemSchema).min(2).max(30),
});
export type OrderSet = z.infer<typeof OrderSetSchema>;
export type OrderSetInput = z.input<typeof OrderSetSchema>;
