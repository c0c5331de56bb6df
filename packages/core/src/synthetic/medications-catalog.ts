/**
 * Medications, by RxNorm ingredient RXCUI (https://www.nlm.nih.gov/research/umls/rxnorm/), with the
 * doses and schedules a primary-care prescriber would use. Doses are in mg so that dose-range and
 * renal checks compare like with like; `doseText` keeps the way clinicians say it (mcg, puffs).
 */
import type { AcuteKey, ChronicKey } from './conditions-catalog.ts';

export type RouteKey = 'oral' | 'inhaled' | 'topical';

export interface MedicationDef {
  key: string;
  rxcui: string;
  /** Ingredient name, lower case as RxNorm displays it. */
  name: string;
  /** Pharmacologic class, used to switch within a class and by notes. */
  drugClass: string;
  /** Dose choices in mg, lowest first. */
  doses: readonly number[];
  /** Doses for children under 12, in mg; absent means the drug is not given to young children. */
  childDoses?: readonly number[];
  route: RouteKey;
  /** Administrations per `period` `periodUnit`. */
  frequency: number;
  period: number;
  periodUnit: 'h' | 'd';
  asNeeded?: boolean;
  /** Length of a course in days; absent means long-term therapy. */
  courseDays?: number;
  /** Human dose wording when mg is not how it is said, e.g. levothyroxine in mcg. */
  doseText?: (mg: number) => string;
}

const med = (d: MedicationDef): MedicationDef => d;

export const MEDICATIONS = {
  lisinopril: med({ key: 'lisinopril', rxcui: '29046', name: 'lisinopril', drugClass: 'ACE inhibitor', doses: [5, 10, 20, 40], route: 'oral', frequency: 1, period: 1, periodUnit: 'd' }),
  losartan: med({ key: 'losartan', rxcui: '52175', name: 'losartan', drugClass: 'angiotensin receptor blocker', doses: [25, 50, 100], route: 'oral', frequency: 1, period: 1, periodUnit: 'd' }),
  amlodipine: med({ key: 'amlodipine', rxcui: '17767', name: 'amlodipine', drugClass: 'calcium channel blocker', doses: [2.5, 5, 10], route: 'oral', frequency: 1, period: 1, periodUnit: 'd' }),
  hydrochlorothiazide: med({ key: 'hydrochlorothiazide', rxcui: '5487', name: 'hydrochlorothiazide', drugClass: 'thiazide diuretic', doses: [12.5, 25], route: 'oral', frequency: 1, period: 1, periodUnit: 'd' }),
  metoprolol: med({ key: 'metoprolol', rxcui: '6918', name: 'metoprolol', drugClass: 'beta blocker', doses: [25, 50, 100], route: 'oral', frequency: 2, period: 1, periodUnit: 'd' }),
  carvedilol: med({ key: 'carvedilol', rxcui: '20352', name: 'carvedilol', drugClass: 'beta blocker', doses: [3.125, 6.25, 12.5, 25], route: 'oral', frequency: 2, period: 1, periodUnit: 'd' }),
  diltiazem: med({ key: 'diltiazem', rxcui: '3443', name: 'diltiazem', drugClass: 'calcium channel blocker', doses: [120, 180, 240], route: 'oral', frequency: 1, period: 1, periodUnit: 'd' }),
  digoxin: med({ key: 'digoxin', rxcui: '3407', name: 'digoxin', drugClass: 'cardiac glycoside', doses: [0.0625, 0.125, 0.25], route: 'oral', frequency: 1, period: 1, periodUnit: 'd', doseText: (mg) => `${round(mg * 1000)} mcg` }),
  furosemide: med({ key: 'furosemide', rxcui: '4603', name: 'furosemide', drugClass: 'loop diuretic', doses: [20, 40, 80], route: 'oral', frequency: 1, period: 1, periodUnit: 'd' }),
  spironolactone: med({ key: 'spironolactone', rxcui: '9997', name: 'spironolactone', drugClass: 'potassium-sparing diuretic', doses: [12.5, 25, 50], route: 'oral', frequency: 1, period: 1, periodUnit: 'd' }),
  metformin: med({ key: 'metformin', rxcui: '6809', name: 'metformin', drugClass: 'biguanide', doses: [500, 850, 1000], route: 'oral', frequency: 2, period: 1, periodUnit: 'd' }),
  glipizide: med({ key: 'glipizide', rxcui: '4821', name: 'glipizide', drugClass: 'sulfonylurea', doses: [2.5, 5, 10], route: 'oral', frequency: 1, period: 1, periodUnit: 'd' }),
  empagliflozin: med({ key: 'empagliflozin', rxcui: '1545653', name: 'empagliflozin', drugClass: 'SGLT2 inhibitor', doses: [10, 25], route: 'oral', frequency: 1, period: 1, periodUnit: 'd' }),
  atorvastatin: med({ key: 'atorvastatin', rxcui: '83367', name: 'atorvastatin', drugClass: 'HMG-CoA reductase inhibitor', doses: [10, 20, 40, 80], route: 'oral', frequency: 1, period: 1, periodUnit: 'd' }),
  simvastatin: med({ key: 'simvastatin', rxcui: '36567', name: 'simvastatin', drugClass: 'HMG-CoA reductase inhibitor', doses: [10, 20, 40], route: 'oral', frequency: 1, period: 1, periodUnit: 'd' }),
  rosuvastatin: med({ key: 'rosuvastatin', rxcui: '301542', name: 'rosuvastatin', drugClass: 'HMG-CoA reductase inhibitor', doses: [5, 10, 20], route: 'oral', frequency: 1, period: 1, periodUnit: 'd' }),
  aspirin: med({ key: 'aspirin', rxcui: '1191', name: 'aspirin', drugClass: 'antiplatelet', doses: [81], route: 'oral', frequency: 1, period: 1, periodUnit: 'd' }),
  clopidogrel: med({ key: 'clopidogrel', rxcui: '32968', name: 'clopidogrel', drugClass: 'antiplatelet', doses: [75], route: 'oral', frequency: 1, period: 1, periodUnit: 'd' }),
  warfarin: med({ key: 'warfarin', rxcui: '11289', name: 'warfarin', drugClass: 'vitamin K antagonist', doses: [2.5, 5, 7.5], route: 'oral', frequency: 1, period: 1, periodUnit: 'd' }),
  apixaban: med({ key: 'apixaban', rxcui: '1364430', name: 'apixaban', drugClass: 'direct oral anticoagulant', doses: [2.5, 5], route: 'oral', frequency: 2, period: 1, periodUnit: 'd' }),
  levothyroxine: med({ key: 'levothyroxine', rxcui: '10582', name: 'levothyroxine', drugClass: 'thyroid hormone', doses: [0.025, 0.05, 0.075, 0.1, 0.125], childDoses: [0.025, 0.05], route: 'oral', frequency: 1, period: 1, periodUnit: 'd', doseText: (mg) => `${round(mg * 1000)} mcg` }),
  omeprazole: med({ key: 'omeprazole', rxcui: '7646', name: 'omeprazole', drugClass: 'proton pump inhibitor', doses: [20, 40], childDoses: [10], route: 'oral', frequency: 1, period: 1, periodUnit: 'd' }),
  sertraline: med({ key: 'sertraline', rxcui: '36437', name: 'sertraline', drugClass: 'SSRI', doses: [25, 50, 100], childDoses: [25], route: 'oral', frequency: 1, period: 1, periodUnit: 'd' }),
  escitalopram: med({ key: 'escitalopram', rxcui: '321988', name: 'escitalopram', drugClass: 'SSRI', doses: [5, 10, 20], childDoses: [5], route: 'oral', frequency: 1, period: 1, periodUnit: 'd' }),
  albuterol: med({ key: 'albuterol', rxcui: '435', name: 'albuterol', drugClass: 'short-acting beta agonist', doses: [0.18], childDoses: [0.18], route: 'inhaled', frequency: 1, period: 4, periodUnit: 'h', asNeeded: true, doseText: () => '2 puffs (90 mcg/puff)' }),
  fluticasone: med({ key: 'fluticasone', rxcui: '41126', name: 'fluticasone', drugClass: 'inhaled corticosteroid', doses: [0.22], childDoses: [0.088], route: 'inhaled', frequency: 2, period: 1, periodUnit: 'd', doseText: (mg) => `${round(mg * 1000)} mcg (2 puffs)` }),
  tiotropium: med({ key: 'tiotropium', rxcui: '69120', name: 'tiotropium', drugClass: 'long-acting muscarinic antagonist', doses: [0.018], route: 'inhaled', frequency: 1, period: 1, periodUnit: 'd', doseText: () => '18 mcg (1 capsule inhaled)' }),
  montelukast: med({ key: 'montelukast', rxcui: '88249', name: 'montelukast', drugClass: 'leukotriene receptor antagonist', doses: [10], childDoses: [4, 5], route: 'oral', frequency: 1, period: 1, periodUnit: 'd' }),
  cetirizine: med({ key: 'cetirizine', rxcui: '20610', name: 'cetirizine', drugClass: 'antihistamine', doses: [10], childDoses: [5], route: 'oral', frequency: 1, period: 1, periodUnit: 'd' }),
  methylphenidate: med({ key: 'methylphenidate', rxcui: '6901', name: 'methylphenidate', drugClass: 'CNS stimulant', doses: [10, 20], childDoses: [5, 10], route: 'oral', frequency: 2, period: 1, periodUnit: 'd' }),
  sumatriptan: med({ key: 'sumatriptan', rxcui: '37418', name: 'sumatriptan', drugClass: 'triptan', doses: [50, 100], route: 'oral', frequency: 1, period: 2, periodUnit: 'h', asNeeded: true }),
  acetaminophen: med({ key: 'acetaminophen', rxcui: '161', name: 'acetaminophen', drugClass: 'analgesic', doses: [500, 650, 1000], childDoses: [160, 240, 320], route: 'oral', frequency: 1, period: 6, periodUnit: 'h', asNeeded: true }),
  ibuprofen: med({ key: 'ibuprofen', rxcui: '5640', name: 'ibuprofen', drugClass: 'NSAID', doses: [400, 600], childDoses: [100, 200], route: 'oral', frequency: 1, period: 6, periodUnit: 'h', asNeeded: true }),
  gabapentin: med({ key: 'gabapentin', rxcui: '25480', name: 'gabapentin', drugClass: 'anticonvulsant', doses: [100, 300], route: 'oral', frequency: 3, period: 1, periodUnit: 'd' }),
  allopurinol: med({ key: 'allopurinol', rxcui: '519', name: 'allopurinol', drugClass: 'xanthine oxidase inhibitor', doses: [100, 300], route: 'oral', frequency: 1, period: 1, periodUnit: 'd' }),
  ferrousSulfate: med({ key: 'ferrousSulfate', rxcui: '24947', name: 'ferrous sulfate', drugClass: 'iron supplement', doses: [325], childDoses: [45], route: 'oral', frequency: 1, period: 1, periodUnit: 'd' }),
  // Courses for acute problems.
  amoxicillin: med({ key: 'amoxicillin', rxcui: '723', name: 'amoxicillin', drugClass: 'penicillin antibiotic', doses: [500, 875], childDoses: [250, 400], route: 'oral', frequency: 2, period: 1, periodUnit: 'd', courseDays: 10 }),
  azithromycin: med({ key: 'azithromycin', rxcui: '18631', name: 'azithromycin', drugClass: 'macrolide antibiotic', doses: [250, 500], childDoses: [100, 200], route: 'oral', frequency: 1, period: 1, periodUnit: 'd', courseDays: 5 }),
  clarithromycin: med({ key: 'clarithromycin', rxcui: '21212', name: 'clarithromycin', drugClass: 'macrolide antibiotic', doses: [250, 500], route: 'oral', frequency: 2, period: 1, periodUnit: 'd', courseDays: 10 }),
  doxycycline: med({ key: 'doxycycline', rxcui: '3640', name: 'doxycycline', drugClass: 'tetracycline antibiotic', doses: [100], route: 'oral', frequency: 2, period: 1, periodUnit: 'd', courseDays: 7 }),
  cephalexin: med({ key: 'cephalexin', rxcui: '2231', name: 'cephalexin', drugClass: 'cephalosporin antibiotic', doses: [500], childDoses: [250], route: 'oral', frequency: 4, period: 1, periodUnit: 'd', courseDays: 7 }),
  nitrofurantoin: med({ key: 'nitrofurantoin', rxcui: '7454', name: 'nitrofurantoin', drugClass: 'urinary antibacterial', doses: [100], route: 'oral', frequency: 2, period: 1, periodUnit: 'd', courseDays: 5 }),
  sulfamethoxazole: med({ key: 'sulfamethoxazole', rxcui: '10180', name: 'sulfamethoxazole', drugClass: 'sulfonamide antibiotic', doses: [800], route: 'oral', frequency: 2, period: 1, periodUnit: 'd', courseDays: 3 }),
  prednisone: med({ key: 'prednisone', rxcui: '8640', name: 'prednisone', drugClass: 'systemic corticosteroid', doses: [40], childDoses: [20], route: 'oral', frequency: 1, period: 1, periodUnit: 'd', courseDays: 5 }),
  ondansetron: med({ key: 'ondansetron', rxcui: '26225', name: 'ondansetron', drugClass: 'antiemetic', doses: [4, 8], childDoses: [2, 4], route: 'oral', frequency: 1, period: 8, periodUnit: 'h', asNeeded: true, courseDays: 3 }),
  naproxen: med({ key: 'naproxen', rxcui: '7258', name: 'naproxen', drugClass: 'NSAID', doses: [250, 500], route: 'oral', frequency: 2, period: 1, periodUnit: 'd', courseDays: 7 }),
  hydrocortisoneTopical: med({ key: 'hydrocortisoneTopical', rxcui: '5492', name: 'hydrocortisone', drugClass: 'topical corticosteroid', doses: [1], childDoses: [1], route: 'topical', frequency: 2, period: 1, periodUnit: 'd', doseText: () => 'thin layer of 1% cream' }),
} as const satisfies Record<string, MedicationDef>;

export type MedKey = keyof typeof MEDICATIONS;

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/**
 * Long-term therapy for each chronic problem: a list of regimens (alternatives), each a list of
 * drugs given together. The first regimen is the most common. Empty: managed without drugs.
 */
export const CHRONIC_THERAPY: Readonly<Record<ChronicKey, readonly (readonly MedKey[])[]>> = {
  hypertension: [['lisinopril'], ['amlodipine'], ['lisinopril', 'hydrochlorothiazide'], ['losartan'], ['losartan', 'amlodipine'], ['metoprolol']],
  hyperlipidemia: [['atorvastatin'], ['simvastatin'], ['rosuvastatin']],
  diabetes: [['metformin'], ['metformin', 'glipizide'], ['metformin', 'empagliflozin']],
  prediabetes: [[], ['metformin']],
  ckd3: [[], ['losartan']],
  ckd4: [['furosemide'], []],
  asthma: [['albuterol'], ['albuterol', 'fluticasone'], ['albuterol', 'montelukast']],
  copd: [['albuterol', 'tiotropium'], ['albuterol']],
  afib: [['apixaban', 'metoprolol'], ['warfarin', 'metoprolol'], ['apixaban', 'diltiazem'], ['warfarin', 'digoxin']],
  heartFailure: [['furosemide', 'carvedilol', 'lisinopril'], ['furosemide', 'metoprolol', 'spironolactone'], ['furosemide', 'carvedilol', 'losartan']],
  cad: [['aspirin', 'atorvastatin'], ['aspirin', 'clopidogrel'], ['aspirin']],
  hypothyroidism: [['levothyroxine']],
  depression: [['sertraline'], ['escitalopram'], []],
  anxiety: [['escitalopram'], ['sertraline'], []],
  gerd: [['omeprazole'], []],
  osteoarthritis: [['acetaminophen'], ['ibuprofen'], ['acetaminophen', 'gabapentin']],
  obesity: [[]],
  migraine: [['sumatriptan'], ['sumatriptan', 'ibuprofen']],
  allergicRhinitis: [['cetirizine'], ['cetirizine', 'montelukast']],
  adhd: [['methylphenidate'], []],
  atopicDermatitis: [['hydrocortisoneTopical'], []],
  anemia: [['ferrousSulfate'], []],
  gout: [['allopurinol'], []],
};

/** Course for an acute problem: alternatives, the first preferred; `null` means no drug. */
export const ACUTE_THERAPY: Readonly<Record<AcuteKey, readonly (MedKey | null)[]>> = {
  sinusitis: ['amoxicillin', 'doxycycline', null],
  bronchitis: [null, null, 'azithromycin'],
  pneumonia: ['azithromycin', 'clarithromycin', 'doxycycline'],
  uti: ['nitrofurantoin', 'sulfamethoxazole', 'cephalexin'],
  strepThroat: ['amoxicillin', 'cephalexin', 'azithromycin'],
  otitisMedia: ['amoxicillin', 'cephalexin'],
  ankleSprain: ['naproxen', 'ibuprofen', null],
  cellulitis: ['cephalexin', 'doxycycline', 'sulfamethoxazole'],
  gastroenteritis: ['ondansetron', null],
  copdExacerbation: ['prednisone', 'azithromycin'],
  chestPain: [null],
};

/** Drugs in the same class that a prescriber switches to when one is stopped (intolerance, cost). */
export const SWITCH_TO: Readonly<Partial<Record<MedKey, MedKey>>> = {
  simvastatin: 'atorvastatin',
  atorvastatin: 'rosuvastatin',
  lisinopril: 'losartan',
  warfarin: 'apixaban',
  sertraline: 'escitalopram',
  escitalopram: 'sertraline',
  metoprolol: 'carvedilol',
  amlodipine: 'losartan',
  glipizide: 'empagliflozin',
};

/** The antibiotic a penicillin-allergic patient gets instead. */
export const PENICILLIN_ALTERNATIVE: MedKey = 'azithromycin';
