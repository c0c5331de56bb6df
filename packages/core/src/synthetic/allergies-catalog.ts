/**
 * Allergy and intolerance substances (http://hl7.org/fhir/R4/allergyintolerance.html). Drug
 * allergies are coded by RxNorm ingredient so CDS can match them against orders; food and
 * environmental ones by SNOMED CT. Reactions are SNOMED clinical findings.
 */
import { SYSTEM } from '../fhir/codes.ts';
import type { Code } from './conditions-catalog.ts';

export type AllergyCategory = 'medication' | 'food' | 'environment';

export interface AllergenDef {
  key: string;
  system: string;
  code: Code;
  category: AllergyCategory;
  type: 'allergy' | 'intolerance';
  /** Relative frequency among recorded allergies. */
  weight: number;
  /** Typical reactions, most common first. */
  reactions: readonly ReactionKey[];
  /** Chance that the criticality is high. */
  highCriticality: number;
}

export type ReactionKey = 'hives' | 'rash' | 'anaphylaxis' | 'angioedema' | 'nausea' | 'wheezing' | 'itching' | 'diarrhea' | 'sneezing' | 'cough';

export const REACTIONS: Readonly<Record<ReactionKey, Code>> = {
  hives: { code: '126485001', display: 'Urticaria' },
  rash: { code: '271807003', display: 'Eruption of skin' },
  anaphylaxis: { code: '39579001', display: 'Anaphylaxis' },
  angioedema: { code: '41291007', display: 'Angioedema' },
  nausea: { code: '422587007', display: 'Nausea' },
  wheezing: { code: '56018004', display: 'Wheezing' },
  itching: { code: '418290006', display: 'Itching' },
  diarrhea: { code: '62315008', display: 'Diarrhea' },
  sneezing: { code: '76067001', display: 'Sneezing' },
  cough: { code: '49727002', display: 'Cough' },
};

const drug = (key: string, rxcui: string, display: string, weight: number, reactions: readonly ReactionKey[], highCriticality: number, type: 'allergy' | 'intolerance' = 'allergy'): AllergenDef => ({
  key, system: SYSTEM.rxnorm, code: { code: rxcui, display }, category: 'medication', type, weight, reactions, highCriticality,
});
const snomed = (key: string, code: string, display: string, category: AllergyCategory, weight: number, reactions: readonly ReactionKey[], highCriticality: number): AllergenDef => ({
  key, system: SYSTEM.snomed, code: { code, display }, category, type: 'allergy', weight, reactions, highCriticality,
});

export const ALLERGENS: readonly AllergenDef[] = [
  // RxNorm 7980 is penicillin G; charts usually record "penicillin" at this level.
  drug('penicillin', '7980', 'penicillin G', 10, ['hives', 'rash', 'anaphylaxis', 'angioedema'], 0.35),
  drug('penicillinV', '7984', 'penicillin V', 2, ['rash', 'hives'], 0.2),
  drug('amoxicillin', '723', 'amoxicillin', 5, ['rash', 'hives', 'anaphylaxis'], 0.25),
  drug('sulfamethoxazole', '10180', 'sulfamethoxazole', 6, ['rash', 'hives', 'itching'], 0.15),
  drug('codeine', '2670', 'codeine', 4, ['nausea', 'itching'], 0.05, 'intolerance'),
  drug('aspirin', '1191', 'aspirin', 2, ['wheezing', 'hives', 'angioedema'], 0.3),
  drug('ibuprofen', '5640', 'ibuprofen', 2, ['hives', 'angioedema', 'wheezing'], 0.2),
  drug('cephalexin', '2231', 'cephalexin', 1.5, ['rash', 'hives'], 0.2),
  drug('erythromycin', '4053', 'erythromycin', 1, ['nausea', 'diarrhea'], 0.02, 'intolerance'),
  drug('lisinopril', '29046', 'lisinopril', 1, ['angioedema', 'cough'], 0.5),
  drug('morphine', '7052', 'morphine', 1.5, ['itching', 'nausea', 'hives'], 0.1),
  drug('clarithromycin', '21212', 'clarithromycin', 0.5, ['rash', 'diarrhea'], 0.05),
  snomed('peanut', '91935009', 'Allergy to peanut', 'food', 4, ['hives', 'anaphylaxis', 'angioedema', 'wheezing'], 0.6),
  snomed('treeNut', '91934008', 'Allergy to nut', 'food', 2, ['hives', 'anaphylaxis', 'angioedema'], 0.5),
  snomed('shellfish', '300913006', 'Shellfish allergy', 'food', 3, ['hives', 'anaphylaxis', 'nausea'], 0.4),
  snomed('egg', '91930004', 'Allergy to eggs', 'food', 1.5, ['hives', 'rash', 'nausea'], 0.2),
  snomed('milk', '425525006', 'Allergy to dairy product', 'food', 1.5, ['hives', 'diarrhea', 'nausea'], 0.1),
  snomed('latex', '300916003', 'Latex allergy', 'environment', 2, ['hives', 'itching', 'anaphylaxis'], 0.3),
  snomed('pollen', '300910009', 'Allergy to pollen', 'environment', 4, ['sneezing', 'itching', 'wheezing'], 0.02),
  snomed('dustMite', '232350006', 'House dust mite allergy', 'environment', 2, ['sneezing', 'wheezing', 'cough'], 0.02),
  snomed('dander', '232347008', 'Dander (animal) allergy', 'environment', 2, ['sneezing', 'itching', 'wheezing'], 0.02),
  snomed('beeVenom', '424213003', 'Allergy to bee venom', 'environment', 1.5, ['hives', 'anaphylaxis', 'angioedema'], 0.7),
];

export const ALLERGENS_BY_KEY: ReadonlyMap<string, AllergenDef> = new Map(ALLERGENS.map((a) => [a.key, a]));

/** Allergen keys that rule out a drug (class cross-sensitivity), so the generator does not order it. */
export const AVOID_WITH_ALLERGY: Readonly<Record<string, readonly string[]>> = {
  penicillin: ['amoxicillin'],
  penicillinV: ['amoxicillin'],
  amoxicillin: ['amoxicillin'],
  sulfamethoxazole: ['sulfamethoxazole'],
  aspirin: ['aspirin', 'ibuprofen', 'naproxen'],
  ibuprofen: ['ibuprofen', 'naproxen'],
  cephalexin: ['cephalexin'],
  lisinopril: ['lisinopril'],
  clarithromycin: ['clarithromycin'],
  erythromycin: ['azithromycin', 'clarithromycin'],
};
