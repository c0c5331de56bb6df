/**
 * Order sets as the order screen uses them: each item resolved to what it orders (the drug and its
 * complete dose sentence, or the LOINC test with its priority), and the chosen items turned into
 * draft orders with the same builders as a hand-entered order (buildMedicationOrder,
 * buildServiceOrder). Nothing here signs: the drafts join the draft basket and go through the CDS
 * sign flow like any other order.
 */
import { defaultKnowledgeBase, type KnowledgeBase } from '../../cds/knowledge-base.ts';
import { DoseSentenceSchema, type DoseSentence } from '../../cds/kb/schema.ts';
import type { DraftOrder } from '../../cds/types.ts';
import { LanternError, type FieldIssue } from '../../errors.ts';
import { zodIssuesToFieldIssues } from '../../fhir/validate.ts';
import { assertNever, err, ok, type Result } from '../../result.ts';
import { buildMedicationOrder, sigText } from '../medication-order.ts';
import { serviceByLoinc, type ServiceCatalogEntry } from '../service-catalog.ts';
import { buildServiceOrder } from '../service-order.ts';
import { ORDER_SET_SENTENCES } from './order-set-sentences.data.ts';
import { ORDER_SETS } from './order-sets.data.ts';
import { OrderSetSchema, type OrderSet, type OrderSetItem } from './schema.ts';

export type ResolvedOrderSetItem =
  | { item: Extract<OrderSetItem, { kind: 'medication' }>; kind: 'medication'; drug: { rxcui: string; name: string }; sentence: DoseSentence; label: string }
  | { item: Extract<OrderSetItem, { kind: 'service' }>; kind: 'service'; service: ServiceCatalogEntry; label: string };

export interface ResolvedOrderSet extends Omit<OrderSet, 'items'> {
  items: ResolvedOrderSetItem[];
}

const SET_SENTENCES: readonly DoseSentence[] = ORDER_SET_SENTENCES.map((s) => DoseSentenceSchema.parse(s));

/** A dose sentence by id: the knowledge base's own first, then the order sets' inpatient ones. */
export function doseSentenceById(id: string, kb: KnowledgeBase = defaultKnowledgeBase()): DoseSentence | undefined {
  return kb.data.doseSentences.find((s) => s.id === id) ?? SET_SENTENCES.find((s) => s.id === id);
}

/** Every dose sentence for a drug (ingredient RXCUI): the knowledge base's, its default first, then the order sets' inpatient ones. */
export function doseSentencesFor(rxcui: string, kb: KnowledgeBase = defaultKnowledgeBase()): DoseSentence[] {
  return [...kb.data.doseSentences.filter((s) => s.rxcui === rxcui), ...SET_SENTENCES.filter((s) => s.rxcui === rxcui)];
}

/** "ceftriaxone 2 g IV once daily" */
export const sentenceText = (name: string, s: DoseSentence): string =>
  `${name} ${sigText({ dose: s.dose, route: s.route, frequency: s.frequency, durationDays: s.durationDays, prn: s.prn === undefined ? undefined : { reason: s.prn } })}`;

function resolveItem(item: OrderSetItem, kb: KnowledgeBase): Result<ResolvedOrderSetItem, FieldIssue> {
  switch (item.kind) {
    case 'medication': {
      const sentence = doseSentenceById(item.sentenceId, kb);
      if (sentence === undefined) return err({ path: `items.${item.id}.sentenceId`, message: `no dose sentence ${item.sentenceId}` });
      const ing = kb.ingredients.get(sentence.rxcui);
      if (ing === undefined) return err({ path: `items.${item.id}.sentenceId`, message: `drug ${sentence.rxcui} is not in the knowledge base` });
      return ok({ item, kind: 'medication', drug: { rxcui: ing.rxcui, name: ing.name }, sentence, label: sentenceText(ing.name, sentence) });
    }
    case 'service': {
      const service = serviceByLoinc(item.loinc);
      if (service === undefined) return err({ path: `items.${item.id}.loinc`, message: `LOINC ${item.loinc} is not in the catalog` });
      return ok({ item, kind: 'service', service, label: `${service.name} (${item.priority})` });
    }
    default:
      return assertNever(item, 'order set item');
  }
}

/**
 * Validates order sets (a trust boundary: a site may supply its own) and resolves every item;
 * an item naming a dose sentence or test Lantern does not have fails the whole load.
 */
export function loadOrderSets(input: unknown, kb: KnowledgeBase = defaultKnowledgeBase()): Result<ResolvedOrderSet[], LanternError> {
  const parsed = OrderSetSchema.array().safeParse(input);
  if (!parsed.success) return err(new LanternError('BAD_INPUT', 'The order sets are invalid', { issues: zodIssuesToFieldIssues('orderSets', parsed.error) }));
  const issues: FieldIssue[] = [];
  const out: ResolvedOrderSet[] = [];
  for (const set of parsed.data) {
    const ids = new Set<string>();
    const items: ResolvedOrderSetItem[] = [];
    for (const item of set.items) {
      if (ids.has(item.id)) issues.push({ path: `orderSets.${set.id}.items.${item.id}`, message: 'duplicate item id' });
      ids.add(item.id);
      const r = resolveItem(item, kb);
      if (r.ok) items.push(r.value);
      else issues.push({ ...r.error, path: `orderSets.${set.id}.${r.error.path}` });
    }
    out.push({ ...set, items });
  }
  if (new Set(out.map((s) => s.id)).size !== out.length) issues.push({ path: 'orderSets', message: 'duplicate order set id' });
  return issues.length > 0 ? err(new LanternError('BAD_INPUT', 'An order set refers to something Lantern cannot order', { issues })) : ok(out);
}

let cached: ResolvedOrderSet[] | null = null;
/** Lantern's own order sets, resolved against the default knowledge base (a bug if they fail). */
export function defaultOrderSets(): ResolvedOrderSet[] {
  if (cached === null) {
    const r = loadOrderSets(ORDER_SETS);
    if (!r.ok) throw r.error;
    cached = r.value;
  }
  return cached;
}

export const orderSetById = (id: string): ResolvedOrderSet | undefined => defaultOrderSets().find((s) => s.id === id);

/** The items ticked when a set is opened. */
export const preCheckedItems = (set: ResolvedOrderSet): string[] => set.items.filter((i) => i.item.checked).map((i) => i.item.id);

export interface OrderSetDraftContext {
  patientId: string;
  requester: { reference: string; display: string };
  /** FHIR dateTime: the injected clock. */
  now: string;
  /** A fresh UUID per order. */
  newId(): string;
  encounterId?: string;
}

/** The chosen items as draft orders, in the set's order; each carries a note naming the set. */
export function orderSetDrafts(set: ResolvedOrderSet, chosen: readonly string[], ctx: OrderSetDraftContext): Result<DraftOrder[], LanternError> {
  const unknown = chosen.filter((c) => !set.items.some((i) => i.item.id === c));
  if (unknown.length > 0) return err(new LanternError('BAD_INPUT', 'An item is not in this order set', { issues: unknown.map((u) => ({ path: `items.${u}`, message: 'not in the set' })) }));
  const drafts: DraftOrder[] = [];
  const encounter = ctx.encounterId === undefined ? {} : { encounterId: ctx.encounterId };
  for (const r of set.items) {
    if (!chosen.includes(r.item.id)) continue;
    switch (r.kind) {
      case 'medication': {
        const s = r.sentence;
        const built = buildMedicationOrder({
          id: ctx.newId(), patientId: ctx.patientId, requester: ctx.requester, medication: r.drug, dose: s.dose, route: s.route, frequency: s.frequency,
          authoredOn: ctx.now, note: `Order set: ${set.name}`, ...encounter,
          ...(s.durationDays === undefined ? {} : { durationDays: s.durationDays }), ...(s.prn === undefined ? {} : { prn: { reason: s.prn } }),
        });
        if (!built.ok) return built;
        drafts.push(built.value);
        break;
      }
      case 'service': {
        const built = buildServiceOrder({ id: ctx.newId(), patientId: ctx.patientId, requester: ctx.requester, loinc: r.service.loinc, priority: r.item.priority, authoredOn: ctx.now, reason: `Order set: ${set.name}`, ...encounter });
        if (!built.ok) return built;
        drafts.push(built.value);
        break;
      }
      default:
        return assertNever(r, 'order set item');
    }
  }
  return ok(drafts);
}
