/**
 * Lantern's default CDS knowledge base: every data module in one versioned object.
 * Bump `version` whenever any entry changes; cards carry it (`lantern.kbVersion`).
 */
import type { KnowledgeBaseDataInput } from './schema.ts';
import { AGE_RULES } from './age.data.ts';
import { ALLERGY_CLASSES, CROSS_SENSITIVITIES } from './allergy.data.ts';
import { CLASSES } from './classes.data.ts';
import { DOSE_LIMITS } from './dose.data.ts';
import { DUPLICATE_ORDER_RULES, DUPLICATION_CLASSES } from './duplication.data.ts';
import { INGREDIENTS } from './ingredients.data.ts';
import { LANTERN_INTERACTIONS } from './interactions-lantern.data.ts';
import { ONC_INTERACTIONS } from './interactions-onc.data.ts';
import { PRODUCTS } from './products.data.ts';
import { RENAL_RULES } from './renal.data.ts';

export const KB_VERSION = '2026.11.0';

export const DEFAULT_KB_DATA: KnowledgeBaseDataInput = {
  version: KB_VERSION,
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
};
