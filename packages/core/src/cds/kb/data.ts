/**
 * Lantern's default CDS knowledge base: every data module in one versioned object.
 * Bump `version` whenever any entry changes; cards carry it (`lantern.kbVersion`). `reviewBy` is
 * the date by which the clinical content must be reviewed again (labels and guidelines change);
 * past it every order screen and the CDS Hooks discovery say decision support is out of date.
 */
import type { KnowledgeBaseDataInput } from './schema.ts';
import { AGE_RULES } from './age.data.ts';
import { ALLERGY_CLASSES, CROSS_SENSITIVITIES } from './allergy.data.ts';
import { CLASSES } from './classes.data.ts';
import { DOSE_LIMITS } from './dose.data.ts';
import { DOSE_FORMS } from './dose-forms.data.ts';
import { DOSE_SENTENCES } from './dose-sentences.data.ts';
import { DRUG_DISEASE } from './drug-disease.data.ts';
import { FREQUENCY_RULES } from './frequency.data.ts';
import { DUPLICATE_ORDER_RULES, DUPLICATION_CLASSES } from './duplication.data.ts';
import { INGREDIENTS } from './ingredients.data.ts';
import { LANTERN_INTERACTIONS } from './interactions-lantern.data.ts';
import { ONC_INTERACTIONS } from './interactions-onc.data.ts';
import { PRODUCTS } from './products.data.ts';
import { RENAL_RULES } from './renal.data.ts';

export const KB_VERSION = '2026.12.0';
/** Six months from this version's clinical review. */
export const KB_REVIEW_BY = '2027-06-01';

export const DEFAULT_KB_DATA: KnowledgeBaseDataInput = {
  version: KB_VERSION,
  reviewBy: KB_REVIEW_BY,
  ingredients: INGREDIENTS,
  classes: CLASSES,
  products: PRODUCTS,
  interactions: [...ONC_INTERACTIONS, ...LANTERN_INTERACTIONS],
  allergyClasses: ALLERGY_CLASSES,
  crossSensitivities: CROSS_SENSITIVITIES,
  doseLimits: DOSE_LIMITS,
  renalRules: RENAL_RULES,
  ageRules: AGE_RULES,
  duplicationClasses: DUPLICATION_CLASSES,
  duplicateOrderRules: DUPLICATE_ORDER_RULES,
  defaultDuplicateOrderWindowHours: 24,
  doseForms: DOSE_FORMS,
  doseSentences: DOSE_SENTENCES,
  frequencyRules: FREQUENCY_RULES,
  drugDisease: DRUG_DISEASE,
};
