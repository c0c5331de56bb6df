/**
 * A CDS override travels with the order it was made for: each override a clinician chose when
 * signing is an extension on the MedicationRequest (FHIR R4 extensibility,
 * http://hl7.org/fhir/R4/extensibility.html, a complex extension with sub-extensions), so an
 * offline workstation's overrides reach the server in the same mutation as the order, and the
 * server's re-check finds them there. Sub-extensions: `card` (the CDS Hooks card uuid), `reason`
 * (one of the card's overrideReasons codes), `comment` (optional), `author` (user id), `at`.
 */
import { z } from 'zod';
import type { MedicationRequest } from '../fhir/types.ts';

type Extension = NonNullable<MedicationRequest['extension']>[number];

export const CDS_OVERRIDE_EXTENSION_URL = 'https://lantern.health/fhir/StructureDefinition/cds-override';

/** One override as carried by an order. */
export interface CdsOverride {
  /** The card's uuid (https://cds-hooks.hl7.org/2.0/#card-attributes). */
  card: string;
  /** One of the card's `overrideReasons[].code`. */
  reason: string;
  comment?: string;
  /** The user who chose the override. */
  author: string;
  /** FHIR dateTime. */
  at: string;
}

/** What the sign flow hands over: the card and the chosen reason (as in cds sign-gate). */
export interface OverrideChoice {
  cardUuid: string;
  reasonCode: string;
  comment?: string;
}

type WithExtensions = { extension?: Extension[] };

const SubExtension = z.looseObject({ url: z.string() });
const OverrideExtension = z.looseObject({ url: z.literal(CDS_OVERRIDE_EXTENSION_URL), extension: z.array(SubExtension) });
const nonEmpty = z.string().min(1).max(1000);

function sub(ext: readonly z.infer<typeof SubExtension>[], url: string, key: 'valueString' | 'valueCode' | 'valueDateTime'): string | undefined {
  const found = ext.filter((e) => e.url === url);
  if (found.length !== 1) return undefined;
  const v = nonEmpty.safeParse(found[0]?.[key]);
  return v.success ? v.data : undefined;
}

/**
 * The overrides an order carries, in the order they appear. A malformed entry (a sub-extension
 * missing, twice, or of the wrong type) is left out: it overrides nothing, so a card it was
 * meant for still blocks, and the write is refused rather than waved through.
 */
export function readCdsOverrides(order: object | null | undefined): CdsOverride[] {
  const list = (order as WithExtensions | null | undefined)?.extension;
  if (!Array.isArray(list)) return [];
  const out: CdsOverride[] = [];
  for (const raw of list) {
    const parsed = OverrideExtension.safeParse(raw);
    if (!parsed.success) continue;
    const ext = parsed.data.extension;
    const card = sub(ext, 'card', 'valueString');
    const reason = sub(ext, 'reason', 'valueCode');
    const author = sub(ext, 'author', 'valueString');
    const at = sub(ext, 'at', 'valueDateTime');
    if (card === undefined || reason === undefined || author === undefined || at === undefined) continue;
    const comment = sub(ext, 'comment', 'valueString');
    out.push({ card, reason, author, at, ...(comment === undefined ? {} : { comment }) });
  }
  return out;
}

export function cdsOverrideExtension(o: CdsOverride): Extension {
  return {
    url: CDS_OVERRIDE_EXTENSION_URL,
    extension: [
      { url: 'card', valueString: o.card },
      { url: 'reason', valueCode: o.reason },
      ...(o.comment === undefined || o.comment.trim() === '' ? [] : [{ url: 'comment', valueString: o.comment.trim().slice(0, 1000) }]),
      { url: 'author', valueString: o.author },
      { url: 'at', valueDateTime: o.at },
    ],
  };
}

/**
 * The order with these overrides added. An earlier override of the same card is replaced (the
 * latest decision is the one that stands); overrides of other cards and every other extension
 * are kept, so a re-signed order still carries the overrides its earlier versions were accepted with.
 */
export function withCdsOverrides<T extends MedicationRequest>(order: T, overrides: readonly OverrideChoice[], by: { userId: string; at: string }): T {
  if (overrides.length === 0) return order;
  const replaced = new Set(overrides.map((o) => o.cardUuid));
  const kept = (order.extension ?? []).filter((e) => {
    if (e.url !== CDS_OVERRIDE_EXTENSION_URL) return true;
    const [read] = readCdsOverrides({ extension: [e] });
    return read === undefined || !replaced.has(read.card);
  });
  const added = overrides.map((o) => cdsOverrideExtension({
    card: o.cardUuid, reason: o.reasonCode, author: by.userId, at: by.at, ...(o.comment === undefined ? {} : { comment: o.comment }),
  }));
  return { ...order, extension: [...kept, ...added] };
}
