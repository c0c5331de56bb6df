/**
 * Drug allergy classes (what an allergy recorded "by class" can be coded as) and cross-sensitivity
 * between classes. Allergies recorded by ingredient or product resolve through the ingredient table.
 */
import type { z } from 'zod';
import type { AllergyClassSchema, CrossSensitivitySchema } from './schema.ts';
import { DRUG_ALLERGY_2022, STROM_2003 } from './citations.ts';

/** Lantern's own code system for drug classes: code = class id (e.g. `penicillin`). */
export const LANTERN_CLASS_SYSTEM = 'urn:lantern:cds:drug-class';
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const SNOMED = 'http://snomed.info/sct';
const lc = (code: string) => ({ system: LANTERN_CLASS_SYSTEM, code });

export const ALLERGY_CLASSES: z.input<typeof AllergyClassSchema>[] = [
  {
    classId: 'penicillin',
    // RxNorm 70618 "penicillin" is the allergen C-CDA documents use for "penicillin allergy".
    // SNOMED 91936005 "Allergy to penicillin" (finding): from the curator's knowledge, not cross-checked.
    codes: [lc('penicillin'), { system: RXNORM, code: '70618' }, { system: SNOMED, code: '91936005' }],
    text: ['penicillin', 'penicillins', 'pcn', 'penicillin allergy'],
    source: DRUG_ALLERGY_2022,
  },
  { classId: 'cephalosporin', codes: [lc('cephalosporin')], text: ['cephalosporin', 'cephalosporins'], source: DRUG_ALLERGY_2022 },
  { classId: 'carbapenem', codes: [lc('carbapenem')], text: ['carbapenem', 'carbapenems'], source: DRUG_ALLERGY_2022 },
  {
    classId: 'sulfonamide-antibiotic',
    codes: [lc('sulfonamide-antibiotic')],
    text: ['sulfa', 'sulfa drugs', 'sulfonamide', 'sulfonamides', 'sulfonamide antibiotics'],
    source: STROM_2003,
  },
  { classId: 'nsaid', codes: [lc('nsaid')], text: ['nsaid', 'nsaids'], source: DRUG_ALLERGY_2022 },
  { classId: 'macrolide', codes: [lc('macrolide')], text: ['macrolide', 'macrolides'], source: DRUG_ALLERGY_2022 },
  { classId: 'fluoroquinolone', codes: [lc('fluoroquinolone')], text: ['fluoroquinolone', 'fluoroquinolones', 'quinolones'], source: DRUG_ALLERGY_2022 },
  { classId: 'tetracycline', codes: [lc('tetracycline')], text: ['tetracyclines'], source: DRUG_ALLERGY_2022 },
  { classId: 'opioid', codes: [lc('opioid')], text: ['opioid', 'opioids', 'opiates'], source: DRUG_ALLERGY_2022 },
];

/** Cephalosporins whose R1 side chain matches amoxicillin/ampicillin (cephalexin, cefadroxil). */
const SIMILAR_SIDE_CHAIN_CEPHALOSPORINS = ['2231', '2177'];
/** Cephalosporins whose side chains differ from the penicillins' (cefdinir, ceftriaxone, cefuroxime). */
const DISSIMILAR_SIDE_CHAIN_CEPHALOSPORINS = ['25037', '2193', '2194'];

export const CROSS_SENSITIVITIES: z.input<typeof CrossSensitivitySchema>[] = [
  {
    id: 'allergy/cross/penicillin--cephalosporin', allergyClass: 'penicillin', orderedClass: 'cephalosporin',
    level: 'cross-reactive', severity: 'warning',
    effect: 'possible penicillin-cephalosporin cross-reactivity',
    management: 'Cross-reactivity is low (about 1-2%) and driven by similar side chains: confirm the reaction history; dissimilar side-chain cephalosporins may be given, consider a test dose.',
    source: DRUG_ALLERGY_2022,
  },
  {
    id: 'allergy/cross/penicillin--cephalosporin-similar-side-chain', allergyClass: 'penicillin', orderedClass: 'cephalosporin',
    orderedRxcuis: SIMILAR_SIDE_CHAIN_CEPHALOSPORINS, level: 'cross-reactive', severity: 'warning',
    effect: 'shares the R1 side chain of amoxicillin/ampicillin',
    management: 'After an immediate or severe reaction to amoxicillin or ampicillin, choose a cephalosporin with a dissimilar side chain (e.g. cefdinir, ceftriaxone) or test first.',
    source: DRUG_ALLERGY_2022,
  },
  {
    id: 'allergy/cross/penicillin--cephalosporin-dissimilar-side-chain', allergyClass: 'penicillin', orderedClass: 'cephalosporin',
    orderedRxcuis: DISSIMILAR_SIDE_CHAIN_CEPHALOSPORINS, level: 'documented-low', severity: 'info',
    effect: 'dissimilar side chain: cross-reactivity is rare',
    management: 'The 2022 practice parameter allows cephalosporins with dissimilar side chains without testing, even after penicillin anaphylaxis; give with usual observation.',
    source: DRUG_ALLERGY_2022,
  },
  {
    id: 'allergy/cross/cephalosporin--penicillin', allergyClass: 'cephalosporin', orderedClass: 'penicillin',
    level: 'cross-reactive', severity: 'warning',
    effect: 'possible cephalosporin-penicillin cross-reactivity',
    management: 'Confirm the reaction history; side-chain similarity drives the risk.',
    source: DRUG_ALLERGY_2022,
  },
  {
    id: 'allergy/cross/penicillin--carbapenem', allergyClass: 'penicillin', orderedClass: 'carbapenem',
    level: 'documented-low', severity: 'info',
    effect: 'carbapenem cross-reactivity is under 1%',
    management: 'Carbapenems may be given without testing to most patients with a penicillin allergy history.',
    source: DRUG_ALLERGY_2022,
  },
];
