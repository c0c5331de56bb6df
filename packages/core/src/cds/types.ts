/**
 * The CDS engine's input and output. Output cards follow CDS Hooks 2.0
 * (https://cds-hooks.hl7.org/2.0/#card-attributes) so the server's CDS Hooks service is a thin
 * adapter: it builds an EvaluateInput from `context` + prefetch and returns `{ cards }` unchanged.
 */
import type {
  AllergyIntolerance, Condition, MedicationRequest, Observation, ServiceRequest,
} from '../fhir/types.ts';

/**
 * The rule families (one file each under ./rules), in the order they run. 'hard-stop' runs first
 * (impossible doses: no override); 'coverage' flags drafts the knowledge base cannot check.
 */
export const RULE_IDS = [
  'hard-stop', 'drug-drug', 'drug-allergy', 'dose-range', 'renal', 'frequency', 'drug-disease', 'age', 'duplication', 'duplicate-order', 'coverage',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

/** https://cds-hooks.hl7.org/2.0/#card-attributes: `indicator`. critical = hard stop. */
export type Indicator = 'info' | 'warning' | 'critical';

export const INDICATOR_RANK: Record<Indicator, number> = { info: 0, warning: 1, critical: 2 };

/** https://cds-hooks.hl7.org/2.0/#source */
export interface CardSource {
  label: string;
  url?: string;
  topic?: { system?: string; code: string; display?: string };
}

/** https://cds-hooks.hl7.org/2.0/#action */
export interface CardAction {
  type: 'create' | 'update' | 'delete';
  description: string;
  /** For create and update: the FHIR resource to create or the updated resource. */
  resource?: MedicationRequest | ServiceRequest;
  /** For delete: a relative reference, e.g. `MedicationRequest/abc` (CDS Hooks 2.0 `resourceId`). */
  resourceId?: string;
}

/** https://cds-hooks.hl7.org/2.0/#suggestion */
export interface CardSuggestion {
  label: string;
  uuid: string;
  isRecommended?: boolean;
  actions: CardAction[];
}

/** https://cds-hooks.hl7.org/2.0/#overridereason (a Coding). */
export interface OverrideReason {
  code: string;
  system: string;
  display: string;
}

/** https://cds-hooks.hl7.org/2.0/#link */
export interface CardLink {
  label: string;
  url: string;
  type: 'absolute' | 'smart';
}

/** Lantern's card extension: which rule and which knowledge-base entry produced the card. */
export interface LanternCardExtension {
  'lantern.rule': RuleId;
  'lantern.kbEntry': string;
  'lantern.kbVersion': string;
  /** The key an override of this card is remembered under (see suppression.ts). */
  'lantern.suppressionKey': string;
  /** The draft order the card is about, as `ResourceType/id`. */
  'lantern.draftOrder': string;
  /** Other records involved (the interacting active order, the allergy, the lab), as `ResourceType/id`. */
  'lantern.related': string[];
  /** Present (true) only on hard-stop cards: critical, no override reasons, never suppressed. */
  'lantern.hardStop'?: true;
  /** On hard-stop cards: the FHIR path of the offending field of the draft order. */
  'lantern.field'?: string;
}

/** A CDS Hooks 2.0 card. `extension` is the CDS Hooks extension point (#extensions). */
export interface Card {
  uuid: string;
  /** Under 140 characters (CDS Hooks requires it). */
  summary: string;
  /** Markdown. */
  detail: string;
  indicator: Indicator;
  source: CardSource;
  suggestions: CardSuggestion[];
  /** A critical card cannot be signed through without one; a hard stop offers none (empty). */
  overrideReasons: OverrideReason[];
  selectionBehavior?: 'at-most-one' | 'any';
  links?: CardLink[];
  extension: LanternCardExtension;
}

/** A clinician's earlier override of a warning/info card for this patient. */
export interface Suppression {
  userId: string;
  patientId: string;
  key: string;
  /** FHIR instant. */
  overriddenAt: string;
}

export type Sex = 'male' | 'female' | 'other' | 'unknown';

export interface PatientContext {
  patientId: string;
  /** Whole years at `now` (core ageInYears); NaN when the birth date is missing or impossible. */
  ageYears: number;
  sex: Sex;
  weightKg: number | null;
  /** Latest body height (LOINC 8302-2), for ideal body weight in Cockcroft-Gault; absent when unknown. */
  heightCm?: number | null;
  activeMedications: MedicationRequest[];
  allergies: AllergyIntolerance[];
  conditions: Condition[];
  /** Latest labs, including eGFR and creatinine. */
  labs: Observation[];
  recentOrders: ServiceRequest[];
}

export type DraftOrder = MedicationRequest | ServiceRequest;

export interface EvaluateInput {
  hook: 'order-select' | 'order-sign';
  context: PatientContext;
  draftOrders: DraftOrder[];
  /** FHIR instant: the injected clock. */
  now: string;
  /** The clinician ordering; suppressions apply only to their own overrides. */
  userId?: string;
  suppressions?: Suppression[];
  /** How long an override of a warning/info card hides it again. Default 7 days. */
  suppressionWindowHours?: number;
  /** order-select: ids of the newly selected draft orders (CDS Hooks `selections`); others are context only. */
  selections?: string[];
}

export const DEFAULT_SUPPRESSION_WINDOW_HOURS = 24 * 7;
