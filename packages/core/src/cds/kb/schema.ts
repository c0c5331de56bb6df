/**
 * The shape of Lantern's CDS knowledge base data. The data modules beside this file are checked
 * against these schemas when the knowledge base is loaded (a trust boundary: a site may supply
 * its own knowledge base), then indexed for fast evaluation (../knowledge-base.ts).
 *
 * Every entry cites its source: a label section, a guideline, a paper, with a URL where one exists.
 */
import { z } from 'zod';
import { DOSE_UNIT_KEYS, FREQUENCY_KEYS, ROUTE_KEYS } from '../../orders/dosage-vocabulary.ts';

const rxcui = z.string().regex(/^[0-9]{1,8}$/, 'must be an RxNorm RXCUI (digits)');
const loinc = z.string().regex(/^[0-9]{1,7}-[0-9]$/, 'must be a LOINC code (nnnnn-n)');
const id = z.string().regex(/^[a-z0-9][a-z0-9./:_-]{0,119}$/, 'must be a lower-case id');
const severity = z.enum(['info', 'warning', 'critical']);

export const CitationSchema = z.object({
  /** Human-readable: document, section, year. */
  label: z.string().min(3),
  url: z.string().url().optional(),
});
export type Citation = z.infer<typeof CitationSchema>;

export const IngredientSchema = z.object({
  rxcui,
  name: z.string().min(2),
  /** Class ids (see ClassSchema): used by class-level interactions, allergies and duplication. */
  classes: z.array(id),
  sources: z.array(CitationSchema).min(1),
  /** Anything uncertain about this entry (e.g. an RXCUI checked against only one public mapping). */
  note: z.string().optional(),
});
export type Ingredient = z.infer<typeof IngredientSchema>;

export const ClassSchema = z.object({
  id,
  name: z.string().min(2),
  source: CitationSchema,
});
export type DrugClass = z.infer<typeof ClassSchema>;

/** A per-unit strength: `value` mg in one tablet/capsule/mL/actuation of the product. */
export const StrengthSchema = z.object({
  valueMg: z.number().positive(),
  per: z.enum(['tablet', 'capsule', 'mL', 'actuation', 'patch', 'unit']),
});

/** A product (SCD/SBD, or a multi-ingredient MIN) that resolves to its ingredients. */
export const ProductSchema = z.object({
  rxcui,
  name: z.string().min(2),
  tty: z.enum(['SCD', 'SBD', 'MIN', 'BN', 'GPCK', 'BPCK']),
  ingredients: z.array(z.object({ rxcui, strength: StrengthSchema.optional() })).min(1),
  source: CitationSchema,
});
export type Product = z.infer<typeof ProductSchema>;

/** Members of one side of an interaction: listed ingredients and/or whole classes. */
export const MembersSchema = z.object({
  label: z.string().min(2),
  rxcuis: z.array(rxcui).default([]),
  classes: z.array(id).default([]),
});

export const InteractionSchema = z.object({
  id,
  /** Where the pair comes from; 'onc-high-priority' pairs are always critical. */
  origin: z.enum(['onc-high-priority', 'onc-non-interruptive', 'label', 'guideline']),
  object: MembersSchema,
  precipitant: MembersSchema,
  severity,
  /** One line, shown in the card summary after the drug names. */
  effect: z.string().min(3).max(90),
  /** What to do: shown in the card detail. */
  management: z.string().min(3),
  source: CitationSchema,
  /** Safer alternatives for the draft drug, offered as suggestions. */
  alternatives: z.array(z.object({ rxcui, name: z.string() })).default([]),
  /** Which side's drug the alternatives replace. */
  alternativesReplace: z.enum(['object', 'precipitant']).default('precipitant'),
});
export type Interaction = z.infer<typeof InteractionSchema>;

/** Allergy classes: what an allergy recorded "by class" can be coded as. */
export const AllergyClassSchema = z.object({
  classId: id,
  /** Codes that mean "allergy to this class" (RxNorm, SNOMED CT, Lantern's class system). */
  codes: z.array(z.object({ system: z.string(), code: z.string() })),
  /** Lower-case free-text names ("penicillins", "pcn") for allergies recorded as text only. */
  text: z.array(z.string()),
  source: CitationSchema,
});

export const CrossSensitivitySchema = z.object({
  id,
  allergyClass: id,
  orderedClass: id,
  /**
   * When listed, the entry applies only to these members of `orderedClass` and takes precedence
   * over the class-wide entry (e.g. cephalosporins whose side chains differ from the penicillins').
   */
  orderedRxcuis: z.array(rxcui).default([]),
  /**
   * 'documented-low': a cross-reaction the literature shows is rare (info at most);
   * 'cross-reactive': a real risk that depends on the reaction (warning for a high-risk allergy).
   */
  level: z.enum(['cross-reactive', 'documented-low']),
  severity,
  effect: z.string().min(3).max(90),
  management: z.string().min(3),
  source: CitationSchema,
});

const doseBand = z.object({
  maxSingleMg: z.number().positive().optional(),
  maxDailyMg: z.number().positive().optional(),
});
export const DoseLimitSchema = z.object({
  id,
  rxcui,
  /** Adults (18 y and over). */
  adult: doseBand.optional(),
  /** Under 18 y: per-kg limits (need a weight) and absolute caps. */
  pediatric: z.object({
    maxSingleMgPerKg: z.number().positive().optional(),
    maxDailyMgPerKg: z.number().positive().optional(),
    maxSingleMg: z.number().positive().optional(),
    maxDailyMg: z.number().positive().optional(),
  }).optional(),
  /** A lower adult limit from a given age, e.g. citalopram over 60 y. */
  olderAdult: doseBand.extend({ fromAgeYears: z.number().int().positive() }).optional(),
  note: z.string().optional(),
  source: CitationSchema,
});
export type DoseLimit = z.infer<typeof DoseLimitSchema>;

export const RenalRuleSchema = z.object({
  id,
  rxcui,
  /** Which estimate the label uses. 'crcl' = Cockcroft-Gault. */
  measure: z.enum(['egfr', 'crcl']),
  /**
   * The weight Cockcroft-Gault uses: 'actual' (what most labels' trials used), or
   * 'ideal-or-adjusted' (ideal body weight, adjusted body weight above 120% of ideal, actual when
   * below ideal) where the label or guideline says so.
   */
  bodyWeight: z.enum(['actual', 'ideal-or-adjusted']).default('actual'),
  /** Checked in order; the first band whose `below` exceeds the value applies. */
  bands: z.array(z.object({
    below: z.number().positive(),
    severity,
    action: z.enum(['contraindicated', 'avoid', 'reduce-dose', 'monitor']),
    /** The most the label allows per day in this band, when it gives one. */
    maxDailyMg: z.number().positive().optional(),
    text: z.string().min(3),
  })).min(1),
  source: CitationSchema,
});
export type RenalRule = z.infer<typeof RenalRuleSchema>;

export const AgeRuleSchema = z.object({
  id,
  members: MembersSchema,
  belowYears: z.number().positive().optional(),
  atOrAboveYears: z.number().positive().optional(),
  severity,
  effect: z.string().min(3).max(90),
  management: z.string().min(3),
  source: CitationSchema,
});
export type AgeRule = z.infer<typeof AgeRuleSchema>;

export const DuplicationClassSchema = z.object({
  classId: id,
  severity,
  source: CitationSchema,
});

export const DuplicateOrderRuleSchema = z.object({
  id,
  name: z.string().min(2),
  /** LOINC codes treated as the same test (e.g. CBC with and without differential). */
  loinc: z.array(loinc).min(1),
  windowHours: z.number().positive(),
  severity,
  source: CitationSchema,
});

/** Forms an ingredient is given in; each form accepts some dose units (../rules/hard-stop.ts). */
export const DOSE_FORMS = ['tablet', 'capsule', 'oral-liquid', 'inhaler', 'nebulized', 'injection', 'unit-injection', 'patch', 'meq-oral', 'topical', 'suppository'] as const;
export type DoseForm = (typeof DOSE_FORMS)[number];
export const DoseFormEntrySchema = z.object({
  rxcui,
  forms: z.array(z.enum(DOSE_FORMS)).min(1),
  source: CitationSchema,
});
export type DoseFormEntry = z.infer<typeof DoseFormEntrySchema>;

/** A default dose sentence: the complete order a suggestion proposes (usual adult dose). */
export const DoseSentenceSchema = z.object({
  id,
  rxcui,
  dose: z.object({ value: z.number().positive(), unit: z.enum(DOSE_UNIT_KEYS as [typeof DOSE_UNIT_KEYS[number], ...typeof DOSE_UNIT_KEYS]) }),
  route: z.enum(ROUTE_KEYS as [typeof ROUTE_KEYS[number], ...typeof ROUTE_KEYS]),
  frequency: z.enum(FREQUENCY_KEYS as [typeof FREQUENCY_KEYS[number], ...typeof FREQUENCY_KEYS]),
  durationDays: z.number().int().positive().optional(),
  prn: z.string().min(2).optional(),
  /** What the sentence is for, shown with the suggestion ("mild to moderate pain"). */
  indication: z.string().min(2),
  source: CitationSchema,
});
export type DoseSentence = z.infer<typeof DoseSentenceSchema>;

/**
 * Frequency: drugs given weekly or on set days (and others with a narrow usual frequency) ordered
 * more often than the label allows, e.g. methotrexate daily instead of weekly.
 */
export const FrequencyRuleSchema = z.object({
  id,
  rxcui,
  /** Applies only from this single dose (alendronate 70 mg is the weekly strength; 10 mg is daily). */
  minSingleMg: z.number().positive().optional(),
  /** Applies only up to this single dose (injected semaglutide, up to 2.4 mg, is weekly; oral is daily). */
  maxSingleMg: z.number().positive().optional(),
  /** The most administrations per week the label allows (methotrexate: 1 weekly dose, or 3 split doses). */
  maxDosesPerWeek: z.number().positive(),
  /** What the label says, in words ("once weekly"). */
  usual: z.string().min(3),
  severity,
  text: z.string().min(3),
  source: CitationSchema,
});
export type FrequencyRule = z.infer<typeof FrequencyRuleSchema>;

/** A condition as recorded on the problem list: ICD-10-CM code prefixes and SNOMED CT concepts. */
export const ConditionMatchSchema = z.object({
  label: z.string().min(3),
  /** ICD-10-CM prefixes without the dot ("N183" matches N18.30, N18.31, N18.32). */
  icd10: z.array(z.string().regex(/^[A-Z][0-9][0-9A-Z]{0,5}$/)).default([]),
  snomed: z.array(z.string().regex(/^[0-9]{6,18}$/)).default([]),
});

/** Drug-disease: a drug (or class) the label or a guideline contraindicates or cautions in a condition. */
export const DrugDiseaseSchema = z.object({
  id,
  members: MembersSchema,
  /** Members of the listed classes the entry does not apply to (low-dose aspirin among the NSAIDs). */
  exceptRxcuis: z.array(rxcui).default([]),
  condition: ConditionMatchSchema,
  severity,
  effect: z.string().min(3).max(90),
  management: z.string().min(3),
  source: CitationSchema,
  alternatives: z.array(z.object({ rxcui, name: z.string() })).default([]),
});
export type DrugDisease = z.infer<typeof DrugDiseaseSchema>;

export const KnowledgeBaseDataSchema = z.object({
  version: z.string().min(1),
  /** The date (YYYY-MM-DD) by which the knowledge base must be reviewed; past it, CDS says it is out of date. */
  reviewBy: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'),
  ingredients: z.array(IngredientSchema),
  classes: z.array(ClassSchema),
  products: z.array(ProductSchema),
  interactions: z.array(InteractionSchema),
  allergyClasses: z.array(AllergyClassSchema),
  crossSensitivities: z.array(CrossSensitivitySchema),
  doseLimits: z.array(DoseLimitSchema),
  renalRules: z.array(RenalRuleSchema),
  ageRules: z.array(AgeRuleSchema),
  duplicationClasses: z.array(DuplicationClassSchema),
  duplicateOrderRules: z.array(DuplicateOrderRuleSchema),
  doseForms: z.array(DoseFormEntrySchema).default([]),
  doseSentences: z.array(DoseSentenceSchema).default([]),
  frequencyRules: z.array(FrequencyRuleSchema).default([]),
  drugDisease: z.array(DrugDiseaseSchema).default([]),
  /** The default window for duplicate lab/imaging orders with no rule of their own. */
  defaultDuplicateOrderWindowHours: z.number().positive(),
});
export type KnowledgeBaseData = z.infer<typeof KnowledgeBaseDataSchema>;
/** What data modules are written as (defaults not yet applied). */
export type KnowledgeBaseDataInput = z.input<typeof KnowledgeBaseDataSchema>;
