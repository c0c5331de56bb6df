/**
 * @lantern/core/cds: Lantern's clinical decision support engine and its cited knowledge base.
 * Pure: no I/O, clock injected. Output cards are CDS Hooks 2.0 cards.
 */
export * from './types.ts';
export { evaluate, evaluatePrepared, type EvaluateOptions, type EvaluateRequest } from './evaluate.ts';
export { prepareChart, reprepareChart, type PreparedChart } from './prepared-chart.ts';
export { buildPatientContext, BODY_WEIGHT_LOINC, BODY_HEIGHT_LOINC } from './context.ts';
export { ageInYears } from '../chart/age.ts';
export { signBlockers, isHardStop, type CardOverride } from './sign-gate.ts';
export { knowledgeBaseStatus, staleKnowledgeBaseMessage, type KnowledgeBaseStatus } from './knowledge-base-status.ts';
export { HARD_STOP_FACTOR } from './rules/hard-stop.ts';
export { allergyRisk, type AllergyRisk } from './allergy-risk.ts';
export { suppressionKey, recordOverride, isSuppressed, type OverrideReasonInput, type OverrideRecord } from './suppression.ts';
export { loadKnowledgeBase, defaultKnowledgeBase, type KnowledgeBase } from './knowledge-base.ts';
export { OVERRIDE_REASONS, OVERRIDE_REASON_SYSTEM, SUMMARY_MAX, dosageOf } from './card.ts';
export { deterministicUuid } from './hash.ts';
export {
  CDS_SERVICES, PREFETCH_TEMPLATES, PREFETCH_KEYS, CdsHooksRequestSchema, parseCdsHooksRequest, prefetchResources, draftOrdersOf, toEvaluateInput,
  type CdsHooksRequest, type CdsServiceDefinition, type PrefetchKey,
} from './cds-hooks.ts';
export { EGFR_LOINC, CREATININE_LOINC, ckdEpi2021, cockcroftGault, idealBodyWeightKg, adjustedBodyWeightKg, crclWeightKg } from './renal-function.ts';
export { KB_VERSION, KB_REVIEW_BY, DEFAULT_KB_DATA } from './kb/data.ts';
export { LANTERN_CLASS_SYSTEM } from './kb/allergy.data.ts';
export type { KnowledgeBaseData, KnowledgeBaseDataInput, Citation } from './kb/schema.ts';
