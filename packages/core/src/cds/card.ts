/**
 * Builds CDS Hooks 2.0 cards (https://cds-hooks.hl7.org/2.0/#card-attributes) with Lantern's
 * extension naming the rule and knowledge-base entry, a deterministic uuid and a suppression key.
 */
import type { MedicationRequest, ServiceRequest } from '../fhir/types.ts';
import type { Citation } from './kb/schema.ts';
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
  /** Safer alternatives: replace the draft medication with one of these. */
  alternatives?: { rxcui: string; name: string }[];
}

const refOf = (r: MedicationRequest | ServiceRequest): string => `${r.resourceType}/${r.id ?? ''}`;

function replaceMedication(draft: MedicationRequest, alt: { rxcui: string; name: string }, id: string): MedicationRequest {
  // The prescriber picks the new dose: the interaction's drug-specific dose does not carry over.
  // A new id: the replacement is a new draft, created after the old one is deleted.
  const { dosageInstruction: _dose, medicationReference: _ref, contained: _contained, ...rest } = draft;
  return {
    ...rest,
    id,
    medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: alt.rxcui, display: alt.name }], text: alt.name },
  };
}

export function buildCard(spec: CardSpec): Card {
  const draftRef = refOf(spec.draft);
  const related = [...new Set(spec.related)].sort();
  const uuid = deterministicUuid([spec.rule, spec.kbEntry, draftRef, ...related]);
  const suggestions: CardSuggestion[] = [];
  for (const alt of spec.alternatives ?? []) {
    if (spec.draft.resourceType !== 'MedicationRequest') break;
    const suggestionId = deterministicUuid([uuid, 'alt', alt.rxcui]);
    const actions: CardAction[] = [
      { type: 'delete', description: `Remove the draft order (${draftRef})`, resourceId: draftRef },
      { type: 'create', description: `Order ${alt.name} instead`, resource: replaceMedication(spec.draft, alt, deterministicUuid([suggestionId, 'resource'])) },
    ];
    suggestions.push({ label: `Use ${alt.name} instead`, uuid: suggestionId, isRecommended: spec.indicator === 'critical', actions });
  }
  suggestions.push({
    label: 'Cancel this order',
    uuid: deterministicUuid([uuid, 'cancel']),
    isRecommended: spec.indicator === 'critical' && suggestions.length === 0,
    actions: [{ type: 'delete', description: `Remove the draft order (${draftRef})`, resourceId: draftRef }],
  });
  const card: Card = {
    uuid,
    summary: clampSummary(spec.summary),
    detail: spec.detail,
    indicator: spec.indicator,
    source: spec.source.url === undefined ? { label: spec.source.label } : { label: spec.source.label, url: spec.source.url },
    suggestions,
    selectionBehavior: 'at-most-one',
    overrideReasons: [...OVERRIDE_REASONS],
    extension: {
      'lantern.rule': spec.rule,
      'lantern.kbEntry': spec.kbEntry,
      'lantern.kbVersion': spec.kbVersion,
      'lantern.suppressionKey': [spec.rule, spec.kbEntry, ...[...spec.subject].sort()].join('|'),
      'lantern.draftOrder': draftRef,
      'lantern.related': related,
    },
  };
  return card;
}
