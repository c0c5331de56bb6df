/**
 * Products (RxNorm SCD/SBD and multi-ingredient MIN concepts) that resolve to their ingredients,
 * with per-unit strengths so a dose given in tablets or mL becomes mg of each ingredient.
 * Orders may also carry a contained Medication with `ingredient[].strength`, which needs no entry here.
 */
import type { z } from 'zod';
import type { ProductSchema } from './schema.ts';
import type { Citation } from './schema.ts';

const VSAC: Citation = {
  label: 'RxNorm clinical drug concept as listed in a VSAC eCQM value set expansion (NLM Value Set Authority Center)',
  url: 'https://vsac.nlm.nih.gov/',
};
const RX_MEMORY: Citation = {
  label: 'RxNorm clinical drug concept (from the curator\'s knowledge of RxNorm; not cross-checked against a second mapping)',
  url: 'https://www.nlm.nih.gov/research/umls/rxnorm/',
};

const tab = (valueMg: number) => ({ valueMg, per: 'tablet' as const });
const cap = (valueMg: number) => ({ valueMg, per: 'capsule' as const });
const APAP = '161';
const HYDROCODONE = '5489';

export const PRODUCTS: z.input<typeof ProductSchema>[] = [
  { rxcui: '857002', tty: 'SCD', name: 'acetaminophen 325 MG / hydrocodone bitartrate 5 MG Oral Tablet', ingredients: [{ rxcui: APAP, strength: tab(325) }, { rxcui: HYDROCODONE, strength: tab(5) }], source: VSAC },
  { rxcui: '857005', tty: 'SCD', name: 'acetaminophen 325 MG / hydrocodone bitartrate 7.5 MG Oral Tablet', ingredients: [{ rxcui: APAP, strength: tab(325) }, { rxcui: HYDROCODONE, strength: tab(7.5) }], source: VSAC },
  { rxcui: '856999', tty: 'SCD', name: 'acetaminophen 325 MG / hydrocodone bitartrate 10 MG Oral Tablet', ingredients: [{ rxcui: APAP, strength: tab(325) }, { rxcui: HYDROCODONE, strength: tab(10) }], source: VSAC },
  { rxcui: '836395', tty: 'SCD', name: 'acetaminophen 325 MG / tramadol hydrochloride 37.5 MG Oral Tablet', ingredients: [{ rxcui: APAP, strength: tab(325) }, { rxcui: '10689', strength: tab(37.5) }], source: VSAC },
  { rxcui: '993781', tty: 'SCD', name: 'acetaminophen 300 MG / codeine phosphate 30 MG Oral Tablet', ingredients: [{ rxcui: APAP, strength: tab(300) }, { rxcui: '2670', strength: tab(30) }], source: VSAC },
  { rxcui: '835603', tty: 'SCD', name: 'tramadol hydrochloride 50 MG Oral Tablet', ingredients: [{ rxcui: '10689', strength: tab(50) }], source: VSAC },
  { rxcui: '1049221', tty: 'SCD', name: 'acetaminophen 325 MG / oxycodone hydrochloride 5 MG Oral Tablet', ingredients: [{ rxcui: APAP, strength: tab(325) }, { rxcui: '7804', strength: tab(5) }], source: RX_MEMORY },
  { rxcui: '198440', tty: 'SCD', name: 'acetaminophen 500 MG Oral Tablet', ingredients: [{ rxcui: APAP, strength: tab(500) }], source: RX_MEMORY },
  { rxcui: '313782', tty: 'SCD', name: 'acetaminophen 325 MG Oral Tablet', ingredients: [{ rxcui: APAP, strength: tab(325) }], source: RX_MEMORY },
  { rxcui: '562508', tty: 'SCD', name: 'amoxicillin 875 MG / clavulanate 125 MG Oral Tablet', ingredients: [{ rxcui: '723', strength: tab(875) }, { rxcui: '48203', strength: tab(125) }], source: VSAC },
  { rxcui: '617296', tty: 'SCD', name: 'amoxicillin 500 MG / clavulanate 125 MG Oral Tablet', ingredients: [{ rxcui: '723', strength: tab(500) }, { rxcui: '48203', strength: tab(125) }], source: VSAC },
  { rxcui: '617322', tty: 'SCD', name: 'amoxicillin 50 MG/ML / clavulanate 12.5 MG/ML Oral Suspension', ingredients: [{ rxcui: '723', strength: { valueMg: 50, per: 'mL' } }, { rxcui: '48203', strength: { valueMg: 12.5, per: 'mL' } }], source: VSAC },
  { rxcui: '313797', tty: 'SCD', name: 'amoxicillin 25 MG/ML Oral Suspension', ingredients: [{ rxcui: '723', strength: { valueMg: 25, per: 'mL' } }], source: VSAC },
  { rxcui: '313850', tty: 'SCD', name: 'amoxicillin 40 MG/ML Oral Suspension', ingredients: [{ rxcui: '723', strength: { valueMg: 40, per: 'mL' } }], source: VSAC },
  { rxcui: '308191', tty: 'SCD', name: 'amoxicillin 500 MG Oral Capsule', ingredients: [{ rxcui: '723', strength: cap(500) }], source: RX_MEMORY },
  { rxcui: '198335', tty: 'SCD', name: 'sulfamethoxazole 800 MG / trimethoprim 160 MG Oral Tablet', ingredients: [{ rxcui: '10180', strength: tab(800) }, { rxcui: '10829', strength: tab(160) }], source: VSAC },
  { rxcui: '198334', tty: 'SCD', name: 'sulfamethoxazole 400 MG / trimethoprim 80 MG Oral Tablet', ingredients: [{ rxcui: '10180', strength: tab(400) }, { rxcui: '10829', strength: tab(80) }], source: VSAC },
  { rxcui: '10831', tty: 'MIN', name: 'sulfamethoxazole / trimethoprim', ingredients: [{ rxcui: '10180' }, { rxcui: '10829' }], source: { label: 'RxNorm multiple-ingredient concept, as listed in the CPIC drug table (cpicpgx/cpic-schema drug.sql)', url: 'https://cpicpgx.org/' } },
  { rxcui: '309114', tty: 'SCD', name: 'cephalexin 500 MG Oral Capsule', ingredients: [{ rxcui: '2231', strength: cap(500) }], source: VSAC },
  { rxcui: '309112', tty: 'SCD', name: 'cephalexin 250 MG Oral Capsule', ingredients: [{ rxcui: '2231', strength: cap(250) }], source: VSAC },
  { rxcui: '309309', tty: 'SCD', name: 'ciprofloxacin 500 MG Oral Tablet', ingredients: [{ rxcui: '2551', strength: tab(500) }], source: VSAC },
  { rxcui: '311681', tty: 'SCD', name: 'metronidazole 500 MG Oral Tablet', ingredients: [{ rxcui: '6922', strength: tab(500) }], source: VSAC },
  { rxcui: '834102', tty: 'SCD', name: 'penicillin V potassium 500 MG Oral Tablet', ingredients: [{ rxcui: '7984', strength: tab(500) }], source: VSAC },
  { rxcui: '197886', tty: 'SCD', name: 'hydrochlorothiazide 12.5 MG / lisinopril 20 MG Oral Tablet', ingredients: [{ rxcui: '5487', strength: tab(12.5) }, { rxcui: '29046', strength: tab(20) }], source: RX_MEMORY },
  { rxcui: '861007', tty: 'SCD', name: 'metformin hydrochloride 500 MG Oral Tablet', ingredients: [{ rxcui: '6809', strength: tab(500) }], source: RX_MEMORY },
];
