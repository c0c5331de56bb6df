/**
 * Builds CDS Hooks 2.0 cards (https://cds-hooks.hl7.org/2.0/#card-attributes) with Lantern's
 * extension naming the rule and knowledge-base entry, a deterministic uuid and a suppression key.
 */
import type { Dosage, MedicationRequest, ServiceRequest } from '../fhir/types.ts';
import { SYSTEM } from '../fhir/codes.ts';
import { DOSE_UNITS, FREQUENCIES, ROUTES, TIMING_SYSTEM } from '../orders/dosage-vocabulary.ts';
import { sigText } from '../orders/medication-order.ts';
import type { Citation, DoseSentence } from './kb/schema.ts';
import type { KnowledgeBase } from './knowledge-base.ts';
import { deterministicUuid } from './hash.ts';
import type { Card, CardAction, CardSuggestion, Indicator, OverrideReason, RuleId } from './types.ts';

export const OVERRIDE_REASON_SYSTEM = 'urn:lantern:cds:override-reason';

/** Offered on every card; a critical card cannot be signed without one of them. */
export const OVERRIDE_REASONS: readonly OverrideReason[] = [
  { code: 'benefit-outweighs-risk', system: OVERRIDE_REASON_SYSTEM, display: 'Benefit outweighs risk' },
  { code: 'will-monitor', system: OVERRIDE_REASON_SYSTEM, display: 'Will monitor or adjust dose' },
  { code: 'tolerated-before', system: OVERRIDE_REASON_SYSTEM, display: 'Patient has tolerated this before' },
  { code: 'not-applicable', system: OVERRIDE_REASON_SYSTEM, display: 'Alert does not apply to this patient' },
];

/** CDS Hooks requires the summary to be under 140 characters. */
export const SUMMARY_MAX = 139;
export const clampSummary = (s: string): string => (s.length <= SUMMARY_MAX ? s : `${s.slice(0, SUMMARY_MAX - 1)}…`);

export interface CardSpec {
  rule: RuleId;
  kbEntry: string;
  kbVersion: string;
  indicator: Indicator;
  summary: string;
  detail: string;
  source: Citation;
  /** The draft order the card is about. */
  draft: MedicationRequest | ServiceRequest;
  /** Other records involved, as `ResourceType/id`. */
  related: string[];
  /** What makes two cards "the same alert" for fatigue purposes, e.g. the two ingredient RXCUIs. */
  subject: string[];
  /**
   * Safer alternatives: replace the draft medication with one of these. Only alternatives with a
   * default dose sentence become suggestions (a suggestion is always a complete order).
   */
  alternatives?: { rxcui: string; name: string; sentence?: DoseSentence | undefined }[];
  /**
   * Dose-related cards: the ordered dose/unit/timing (ResolvedMedication.doseKey). It goes into the
   * uuid and the suppression key, so an override of one dose does not carry over to another.
   */
  doseKey?: string;
  /** A hard stop: no override reasons, never suppressed; `field` is the FHIR path of the offending field. */
  hardStop?: { field: string };
  /**
   * A card about a pair of orders (an interaction, a duplicate): its uuid is the same whichever of
   * the two is the draft. Two drafts signed together reach the server one after the other, and the
   * server sees the pair from the later one; the override given at signing must still match.
   */
  pair?: true;
}

const refOf = (r: MedicationRequest | ServiceRequest): string => `${r.resourceType}/${r.id ?? ''}`;

/** Alternatives with their default dose sentences (those without one are not offered). */
export const withSentences = (alts: readonly { rxcui: string; name: string }[], kb: KnowledgeBase): NonNullable<CardSpec['alternatives']> =>
  alts.length === 0 ? [] : alts.map((a) => ({ ...a, sentence: kb.doseSentenceByRxcui.get(a.rxcui) }));

/** Sig text per dose sentence: sentences are knowledge-base data, and a string cannot be changed by a caller. */
const sigBySentence = new WeakMap<DoseSentence, string>();
function sentenceSig(s: DoseSentence): string {
  let sig = sigBySentence.get(s);
  if (sig === undefined) {
    sig = sigText({ dose: s.dose, route: s.route, frequency: s.frequency, durationDays: s.durationDays, prn: s.prn === undefined ? undefined : { reason: s.prn } });
    sigBySentence.set(s, sig);
  }
  return sig;
}

/** The FHIR R4 Dosage of a default dose sentence, built as the order form builds one (orders/medication-order.ts). */
export function dosageOf(s: DoseSentence): Dosage {
  const f = FREQUENCIES[s.frequency];
  const unit = DOSE_UNITS[s.dose.unit];
  return {
    sequence: 1,
    text: sentenceSig(s),
    timing: {
      code: { coding: [{ system: TIMING_SYSTEM, code: s.frequency }], text: f.label },
      repeat: {
        frequency: f.frequency, period: f.period, periodUnit: f.periodUnit,
        ...('when' in f ? { when: [f.when] } : {}),
        ...(s.durationDays === undefined ? {} : { boundsDuration: { value: s.durationDays, unit: 'd', system: SYSTEM.ucum, code: 'd' } }),
      },
    },
    route: { coding: [{ system: SYSTEM.snomed, code: ROUTES[s.route].code, display: ROUTES[s.route].display }], text: ROUTES[s.route].short },
    doseAndRate: [{ doseQuantity: { value: s.dose.value, unit: unit.label, system: SYSTEM.ucum, code: unit.ucum } }],
    ...(s.prn === undefined ? {} : { asNeededCodeableConcept: { text: s.prn } }),
  };
}

/**
 * The complete replacement order: the alternative drug with its default dose sentence (dose, unit,
 * route, frequency, duration where usual). The draft's own dose never carries over (it was for
 * another drug). A new id: the replacement is a new draft, created after the old one is deleted.
 */
export function replaceMedication(draft: MedicationRequest, alt: { rxcui: string; name: string }, sentence: DoseSentence, id: string): MedicationRequest {
  const { dosageInstruction: _dose, medicationReference: _ref, contained: _contained, ...rest } = draft;
  return {
    ...rest,
    id,
    medicationCodeableConcept: { coding: [{ system: SYSTEM.rxnorm, code: alt.rxcui, display: alt.name }], text: alt.name },
    dosageInstruction: [dosageOf(sentence)],
  };
}

/**
 * Sorts a short list of strings in place by UTF-16 code units, exactly as `Array.prototype.sort()`
 * with no comparator does for strings, without the engine's sort workspace (cards carry 1 to 4).
 */
function sortedStrings(xs: string[]): string[] {
  for (let i = 1; i < xs.length; i++) {
    const x = xs[i] ?? '';
    let j = i - 1;
    for (; j >= 0 && (xs[j] ?? '') > x; j--) xs[j + 1] = xs[j] ?? '';
    xs[j + 1] = x;
  }
  return xs;
}

/** Which cards carry their texts (rule-context.ts `bodies`). */
export type CardBodies = 'all' | 'critical';

/** What the rule context says about building a card (rule-context.ts). */
export interface CardBuild { suggestions?: boolean; bodies?: CardBodies }

export function buildCard(spec: CardSpec, how: CardBuild = {}): Card {
  const draftRef = refOf(spec.draft);
  // Most cards relate one record: skip the Set for those.
  const related = spec.related.length <= 1 ? spec.related.slice() : sortedStrings([...new Set(spec.related)]);
  const dosePart = spec.doseKey === undefined ? null : `dose:${spec.doseKey}`;
  const uuid = spec.pair === true
    ? deterministicUuid(uuidParts(spec.rule, spec.kbEntry, '', sortedStrings([draftRef, ...related]), dosePart))
    : deterministicUuid(uuidParts(spec.rule, spec.kbEntry, draftRef, related, dosePart));
  const card: Card = {
    uuid,
    summary: clampSummary(spec.summary),
    detail: spec.detail,
    indicator: spec.indicator,
    source: spec.source.url === undefined ? { label: spec.source.label } : { label: spec.source.label, url: spec.source.url },
    suggestions: how.suggestions === false || (how.bodies === 'critical' && spec.indicator !== 'critical') ? [] : suggestionsOf(spec, uuid, draftRef),
    selectionBehavior: 'at-most-one',
    overrideReasons: spec.hardStop === undefined ? [...OVERRIDE_REASONS] : [],
    extension: {
      'lantern.rule': spec.rule,
      'lantern.kbEntry': spec.kbEntry,
      'lantern.kbVersion': spec.kbVersion,
      'lantern.suppressionKey': suppressionKeyOf(spec, dosePart),
      'lantern.draftOrder': draftRef,
      'lantern.related': related,
    },
  };
  if (spec.hardStop !== undefined) {
    card.extension['lantern.hardStop'] = true;
    card.extension['lantern.field'] = spec.hardStop.field;
  }
  return card;
}

/** The card's suggestions: its alternatives as complete orders, then "cancel this order". */
function suggestionsOf(spec: CardSpec, uuid: string, draftRef: string): CardSuggestion[] {
  // Most cards offer no alternative: their one suggestion is a literal (no array grown by push).
  const suggestions: CardSuggestion[] = spec.alternatives === undefined || spec.alternatives.length === 0 ? [] : alternativeSuggestions(spec, uuid, draftRef);
  const cancel: CardSuggestion = {
    label: 'Cancel this order',
    uuid: deterministicUuid([uuid, 'cancel']),
    isRecommended: spec.indicator === 'critical' && suggestions.length === 0,
    actions: [{ type: 'delete', description: `Remove the draft order (${draftRef})`, resourceId: draftRef }],
  };
  return suggestions.length === 0 ? [cancel] : [...suggestions, cancel];
}

/** rule, entry, draft, related records and the dose: what makes a card's uuid. */
function uuidParts(rule: string, kbEntry: string, draftRef: string, related: readonly string[], dosePart: string | null): string[] {
  if (related.length === 0) return dosePart === null ? [rule, kbEntry, draftRef] : [rule, kbEntry, draftRef, dosePart];
  if (related.length === 1) return dosePart === null ? [rule, kbEntry, draftRef, related[0] ?? ''] : [rule, kbEntry, draftRef, related[0] ?? '', dosePart];
  return dosePart === null ? [rule, kbEntry, draftRef, ...related] : [rule, kbEntry, draftRef, ...related, dosePart];
}

/** rule|entry|sorted subject|dose: the key an override of the card is remembered under (suppression.ts). */
function suppressionKeyOf(spec: CardSpec, dosePart: string | null): string {
  let key = `${spec.rule}|${spec.kbEntry}`;
  const subject = spec.subject.length <= 1 ? spec.subject : sortedStrings(spec.subject.slice());
  for (const s of subject) key += `|${s}`;
  return dosePart === null ? key : `${key}|${dosePart}`;
}

/** "Use X instead": the alternatives that have a default dose sentence, as complete replacement orders. */
function alternativeSuggestions(spec: CardSpec, uuid: string, draftRef: string): CardSuggestion[] {
  const suggestions: CardSuggestion[] = [];
  for (const alt of spec.alternatives ?? []) {
    if (spec.draft.resourceType !== 'MedicationRequest') break;
    if (alt.sentence === undefined) continue;
    const suggestionId = deterministicUuid([uuid, 'alt', alt.rxcui]);
    const resource = replaceMedication(spec.draft, alt, alt.sentence, deterministicUuid([suggestionId, 'resource']));
    const sig = resource.dosageInstruction?.[0]?.text ?? '';
    const actions: CardAction[] = [
      { type: 'delete', description: `Remove the draft order (${draftRef})`, resourceId: draftRef },
      { type: 'create', description: `Order ${alt.name} ${sig} instead`, resource },
    ];
    suggestions.push({ label: `Use ${alt.name} instead (${sig})`, uuid: suggestionId, isRecommended: spec.indicator === 'critical', actions });
  }
  return suggestions;
}
