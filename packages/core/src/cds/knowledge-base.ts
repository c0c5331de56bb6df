/**
 * Loads a knowledge base: validates the data (a trust boundary: a site may supply its own), checks
 * that every reference resolves, and precomputes the indexes evaluation needs (maps by RXCUI and
 * class, an ingredient-pair table for interactions) so one evaluation is a handful of map lookups.
 */
import { LanternError, type FieldIssue } from '../errors.ts';
import { zodIssuesToFieldIssues } from '../fhir/validate.ts';
import { err, ok, type Result } from '../result.ts';
import { INDICATOR_RANK } from './types.ts';
import {
  KnowledgeBaseDataSchema, type AgeRule, type DoseFormEntry, type DoseLimit, type DoseSentence, type DrugClass, type DrugDisease,
  type FrequencyRule, type Ingredient, type Interaction, type KnowledgeBaseData, type Product, type RenalRule,
} from './kb/schema.ts';
import { DEFAULT_KB_DATA } from './kb/data.ts';

type CrossSensitivity = KnowledgeBaseData['crossSensitivities'][number];
type DuplicateOrderRule = KnowledgeBaseData['duplicateOrderRules'][number];
type DuplicationClass = KnowledgeBaseData['duplicationClasses'][number];

/** One interaction applying to an ordered pair of ingredients; `objectRxcui` says which side is which. */
export interface PairHit {
  interaction: Interaction;
  objectRxcui: string;
}

export interface KnowledgeBase {
  readonly version: string;
  /** YYYY-MM-DD: past it, decision support says it is out of date (knowledge-base-status.ts). */
  readonly reviewBy: string;
  readonly data: KnowledgeBaseData;
  readonly ingredients: ReadonlyMap<string, Ingredient>;
  readonly products: ReadonlyMap<string, Product>;
  readonly classes: ReadonlyMap<string, DrugClass>;
  /** class id -> member ingredient RXCUIs. */
  readonly classMembers: ReadonlyMap<string, ReadonlySet<string>>;
  /** `a|b` (a < b) -> interactions, most severe first. */
  readonly pairs: ReadonlyMap<string, readonly PairHit[]>;
  /**
   * The same pair table by ingredient, both ways round (a -> b -> interactions): the drug-drug
   * rule looks pairs up without building a key string per ingredient pair on the sign path.
   */
  readonly pairsByRxcui: ReadonlyMap<string, ReadonlyMap<string, readonly PairHit[]>>;
  readonly allergyClassByCode: ReadonlyMap<string, string>;
  readonly allergyClassByText: ReadonlyMap<string, string>;
  /** Lower-case ingredient name -> RXCUI, for allergies recorded as text ("amoxicillin"). */
  readonly ingredientByName: ReadonlyMap<string, string>;
  readonly allergyClassIds: ReadonlySet<string>;
  readonly crossByAllergyClass: ReadonlyMap<string, readonly CrossSensitivity[]>;
  readonly doseByRxcui: ReadonlyMap<string, DoseLimit>;
  readonly renalByRxcui: ReadonlyMap<string, readonly RenalRule[]>;
  readonly ageByRxcui: ReadonlyMap<string, readonly AgeRule[]>;
  readonly duplicationClasses: ReadonlyMap<string, DuplicationClass>;
  /** ingredient RXCUI -> the ids of its classes that are duplication classes, in the ingredient's class order. */
  readonly duplicationClassIdsByRxcui: ReadonlyMap<string, readonly string[]>;
  readonly duplicateOrderByLoinc: ReadonlyMap<string, DuplicateOrderRule>;
  readonly doseFormsByRxcui: ReadonlyMap<string, DoseFormEntry>;
  /** The default dose sentence of each ingredient (the first listed), for suggestions. */
  readonly doseSentenceByRxcui: ReadonlyMap<string, DoseSentence>;
  readonly frequencyByRxcui: ReadonlyMap<string, readonly FrequencyRule[]>;
  /** ingredient RXCUI -> drug-disease entries whose members include it. */
  readonly drugDiseaseByRxcui: ReadonlyMap<string, readonly DrugDisease[]>;
}

export const pairKey = (a: string, b: string): string => (a < b ? `${a}|${b}` : `${b}|${a}`);
export const codeKey = (system: string, code: string): string => `${system}|${code}`;

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** Validates and indexes knowledge-base data. Referential errors are BAD_INPUT with one issue each. */
export function loadKnowledgeBase(input: unknown): Result<KnowledgeBase, LanternError> {
  const parsed = KnowledgeBaseDataSchema.safeParse(input);
  if (!parsed.success) {
    return err(new LanternError('BAD_INPUT', 'Invalid CDS knowledge base', { issues: zodIssuesToFieldIssues('kb', parsed.error) }));
  }
  const data = parsed.data;
  const issues: FieldIssue[] = [];

  const classes = new Map<string, DrugClass>();
  for (const c of data.classes) {
    if (classes.has(c.id)) issues.push({ path: `kb.classes.${c.id}`, message: 'duplicate class id' });
    classes.set(c.id, c);
  }
  const ingredients = new Map<string, Ingredient>();
  const ingredientByName = new Map<string, string>();
  const classMembers = new Map<string, Set<string>>();
  for (const i of data.ingredients) {
    if (ingredients.has(i.rxcui)) issues.push({ path: `kb.ingredients.${i.rxcui}`, message: 'duplicate RXCUI' });
    ingredients.set(i.rxcui, i);
    ingredientByName.set(i.name.toLowerCase(), i.rxcui);
    for (const c of i.classes) {
      if (!classes.has(c)) issues.push({ path: `kb.ingredients.${i.rxcui}.classes`, message: `unknown class ${c}` });
      const set = classMembers.get(c) ?? new Set<string>();
      set.add(i.rxcui);
      classMembers.set(c, set);
    }
  }
  const needIngredient = (rxcui: string, path: string): void => {
    if (!ingredients.has(rxcui)) issues.push({ path, message: `unknown ingredient RXCUI ${rxcui}` });
  };
  const needClass = (id: string, path: string): void => {
    if (!classes.has(id)) issues.push({ path, message: `unknown class ${id}` });
  };
  const expand = (m: { rxcuis: string[]; classes: string[] }, path: string): Set<string> => {
    const out = new Set<string>();
    for (const r of m.rxcuis) {
      needIngredient(r, path);
      out.add(r);
    }
    for (const c of m.classes) {
      needClass(c, path);
      for (const r of classMembers.get(c) ?? []) out.add(r);
    }
    return out;
  };

  const products = new Map<string, Product>();
  for (const p of data.products) {
    if (products.has(p.rxcui) || ingredients.has(p.rxcui)) issues.push({ path: `kb.products.${p.rxcui}`, message: 'duplicate RXCUI' });
    for (const i of p.ingredients) needIngredient(i.rxcui, `kb.products.${p.rxcui}`);
    products.set(p.rxcui, p);
  }

  const pairLists = new Map<string, PairHit[]>();
  const ids = new Set<string>();
  for (const x of data.interactions) {
    const path = `kb.interactions.${x.id}`;
    if (ids.has(x.id)) issues.push({ path, message: 'duplicate id' });
    ids.add(x.id);
    if (x.origin === 'onc-high-priority' && x.severity !== 'critical') issues.push({ path, message: 'ONC high-priority pairs must be critical' });
    if (x.origin !== 'onc-high-priority' && x.severity === 'critical') issues.push({ path, message: 'only ONC high-priority pairs are critical' });
    const objects = expand(x.object, path);
    const precipitants = expand(x.precipitant, path);
    for (const a of objects) {
      for (const b of precipitants) {
        if (a === b) continue;
        const key = pairKey(a, b);
        const list = pairLists.get(key) ?? [];
        // A symmetric entry (QT + QT) lists each pair twice; keep one.
        if (!list.some((h) => h.interaction.id === x.id)) list.push({ interaction: x, objectRxcui: a });
        pairLists.set(key, list);
      }
    }
  }
  for (const list of pairLists.values()) {
    list.sort((p, q) => INDICATOR_RANK[q.interaction.severity] - INDICATOR_RANK[p.interaction.severity] || (p.interaction.id < q.interaction.id ? -1 : 1));
  }

  const pairsByRxcui = new Map<string, Map<string, readonly PairHit[]>>();
  const row = (rxcui: string): Map<string, readonly PairHit[]> => {
    const r = pairsByRxcui.get(rxcui) ?? new Map<string, readonly PairHit[]>();
    pairsByRxcui.set(rxcui, r);
    return r;
  };
  for (const [key, list] of pairLists) {
    const [a = '', b = ''] = key.split('|');
    row(a).set(b, list);
    row(b).set(a, list);
  }

  const allergyClassByCode = new Map<string, string>();
  const allergyClassByText = new Map<string, string>();
  const allergyClassIds = new Set<string>();
  for (const a of data.allergyClasses) {
    needClass(a.classId, `kb.allergyClasses.${a.classId}`);
    allergyClassIds.add(a.classId);
    for (const c of a.codes) allergyClassByCode.set(codeKey(c.system, c.code), a.classId);
    for (const t of a.text) allergyClassByText.set(t.toLowerCase(), a.classId);
  }
  const crossByAllergyClass = new Map<string, CrossSensitivity[]>();
  for (const c of data.crossSensitivities) {
    needClass(c.allergyClass, `kb.crossSensitivities.${c.id}`);
    needClass(c.orderedClass, `kb.crossSensitivities.${c.id}`);
    for (const r of c.orderedRxcuis) needIngredient(r, `kb.crossSensitivities.${c.id}`);
    if (c.level === 'documented-low' && c.severity !== 'info') issues.push({ path: `kb.crossSensitivities.${c.id}`, message: 'a documented low-risk cross-reaction is info' });
    push(crossByAllergyClass, c.allergyClass, c);
  }

  const doseByRxcui = new Map<string, DoseLimit>();
  for (const d of data.doseLimits) {
    needIngredient(d.rxcui, `kb.doseLimits.${d.id}`);
    if (doseByRxcui.has(d.rxcui)) issues.push({ path: `kb.doseLimits.${d.id}`, message: 'a second dose limit for the same ingredient' });
    doseByRxcui.set(d.rxcui, d);
  }
  const renalByRxcui = new Map<string, RenalRule[]>();
  for (const r of data.renalRules) {
    needIngredient(r.rxcui, `kb.renalRules.${r.id}`);
    r.bands.sort((p, q) => p.below - q.below);
    push(renalByRxcui, r.rxcui, r);
  }
  const ageByRxcui = new Map<string, AgeRule[]>();
  for (const r of data.ageRules) {
    for (const rx of expand(r.members, `kb.ageRules.${r.id}`)) push(ageByRxcui, rx, r);
  }
  const duplicationClasses = new Map<string, DuplicationClass>();
  for (const d of data.duplicationClasses) {
    needClass(d.classId, `kb.duplicationClasses.${d.classId}`);
    duplicationClasses.set(d.classId, d);
  }
  const duplicationClassIdsByRxcui = new Map<string, readonly string[]>();
  for (const i of data.ingredients) {
    const ids = i.classes.filter((c) => duplicationClasses.has(c));
    if (ids.length > 0) duplicationClassIdsByRxcui.set(i.rxcui, ids);
  }
  const duplicateOrderByLoinc = new Map<string, DuplicateOrderRule>();
  for (const r of data.duplicateOrderRules) {
    for (const l of r.loinc) {
      if (duplicateOrderByLoinc.has(l)) issues.push({ path: `kb.duplicateOrderRules.${r.id}`, message: `LOINC ${l} in two rules` });
      duplicateOrderByLoinc.set(l, r);
    }
  }

  const doseFormsByRxcui = new Map<string, DoseFormEntry>();
  for (const f of data.doseForms) {
    needIngredient(f.rxcui, `kb.doseForms.${f.rxcui}`);
    if (doseFormsByRxcui.has(f.rxcui)) issues.push({ path: `kb.doseForms.${f.rxcui}`, message: 'a second dose-form entry for the same ingredient' });
    doseFormsByRxcui.set(f.rxcui, f);
  }
  const doseSentenceByRxcui = new Map<string, DoseSentence>();
  for (const d of data.doseSentences) {
    needIngredient(d.rxcui, `kb.doseSentences.${d.id}`);
    if (!doseSentenceByRxcui.has(d.rxcui)) doseSentenceByRxcui.set(d.rxcui, d);
  }
  const frequencyByRxcui = new Map<string, FrequencyRule[]>();
  for (const f of data.frequencyRules) {
    needIngredient(f.rxcui, `kb.frequencyRules.${f.id}`);
    push(frequencyByRxcui, f.rxcui, f);
  }
  const drugDiseaseByRxcui = new Map<string, DrugDisease[]>();
  for (const x of data.drugDisease) {
    if (x.condition.icd10.length === 0 && x.condition.snomed.length === 0) issues.push({ path: `kb.drugDisease.${x.id}`, message: 'no condition code' });
    for (const rx of expand(x.members, `kb.drugDisease.${x.id}`)) if (!x.exceptRxcuis.includes(rx)) push(drugDiseaseByRxcui, rx, x);
  }

  if (issues.length > 0) {
    return err(new LanternError('BAD_INPUT', `Invalid CDS knowledge base: ${issues.length} reference error(s)`, { issues }));
  }
  return ok({
    version: data.version, reviewBy: data.reviewBy, data, ingredients, products, classes, classMembers, pairs: pairLists, pairsByRxcui,
    allergyClassByCode, allergyClassByText, ingredientByName, allergyClassIds, crossByAllergyClass,
    doseByRxcui, renalByRxcui, ageByRxcui, duplicationClasses, duplicationClassIdsByRxcui, duplicateOrderByLoinc,
    doseFormsByRxcui, doseSentenceByRxcui, frequencyByRxcui, drugDiseaseByRxcui,
  });
}

let cached: KnowledgeBase | undefined;

/** Lantern's bundled knowledge base, loaded once. A failure here is a bug in the shipped data. */
export function defaultKnowledgeBase(): KnowledgeBase {
  if (cached === undefined) {
    const loaded = loadKnowledgeBase(DEFAULT_KB_DATA);
    if (!loaded.ok) throw loaded.error;
    cached = loaded.value;
  }
  return cached;
}
