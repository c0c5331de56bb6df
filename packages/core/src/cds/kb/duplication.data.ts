/** Therapeutic duplication classes and duplicate lab/imaging order windows. */
import type { z } from 'zod';
import type { DuplicateOrderRuleSchema, DuplicationClassSchema } from './schema.ts';
import { CHOOSING_WISELY_LABS, WHO_ATC } from './citations.ts';

const dup = (classId: string, code: string, name: string, severity: 'info' | 'warning' = 'warning') =>
  ({ classId, severity, source: WHO_ATC(code, `${name}: two members of one class are rarely intended`) });

export const DUPLICATION_CLASSES: z.input<typeof DuplicationClassSchema>[] = [
  dup('statin', 'C10AA', 'HMG CoA reductase inhibitors'),
  dup('ace-inhibitor', 'C09AA', 'ACE inhibitors'),
  dup('arb', 'C09CA', 'Angiotensin II receptor blockers'),
  dup('beta-blocker', 'C07A', 'Beta blocking agents'),
  dup('ssri', 'N06AB', 'Selective serotonin reuptake inhibitors'),
  dup('snri', 'N06AX', 'Other antidepressants (SNRIs)'),
  dup('ppi', 'A02BC', 'Proton pump inhibitors'),
  dup('h2ra', 'A02BA', 'H2-receptor antagonists'),
  dup('nsaid', 'M01A', 'Non-steroidal antiinflammatory products'),
  dup('benzodiazepine', 'N05BA', 'Benzodiazepine derivatives'),
  dup('z-drug', 'N05CF', 'Benzodiazepine related drugs'),
  dup('sulfonylurea', 'A10BB', 'Sulfonylureas'),
  dup('dpp4-inhibitor', 'A10BH', 'DPP-4 inhibitors'),
  dup('glp1-agonist', 'A10BJ', 'GLP-1 analogues'),
  dup('sglt2-inhibitor', 'A10BK', 'SGLT2 inhibitors'),
  dup('doac', 'B01AF', 'Direct factor Xa inhibitors'),
  dup('vka', 'B01AA', 'Vitamin K antagonists'),
  dup('antipsychotic-atypical', 'N05AX', 'Other antipsychotics'),
  dup('ccb-dihydropyridine', 'C08CA', 'Dihydropyridine derivatives'),
  dup('loop-diuretic', 'C03CA', 'High-ceiling diuretics'),
  dup('thiazide', 'C03AA', 'Thiazides'),
  dup('fluoroquinolone', 'J01MA', 'Fluoroquinolones'),
  dup('macrolide', 'J01FA', 'Macrolides'),
  dup('opioid', 'N02A', 'Opioids', 'info'),
  dup('antihistamine-h1', 'R06A', 'Antihistamines for systemic use', 'info'),
];

export const DUPLICATE_ORDER_RULES: z.input<typeof DuplicateOrderRuleSchema>[] = [
  { id: 'dup-order/cbc', name: 'Complete blood count', loinc: ['58410-2', '57021-8', '57782-5', '69742-5'], windowHours: 24, severity: 'warning', source: CHOOSING_WISELY_LABS },
  { id: 'dup-order/bmp', name: 'Basic metabolic panel', loinc: ['51990-0', '24321-2'], windowHours: 24, severity: 'warning', source: CHOOSING_WISELY_LABS },
  { id: 'dup-order/cmp', name: 'Comprehensive metabolic panel', loinc: ['24323-8'], windowHours: 24, severity: 'warning', source: CHOOSING_WISELY_LABS },
  { id: 'dup-order/hba1c', name: 'Hemoglobin A1c', loinc: ['4548-4'], windowHours: 24 * 60, severity: 'info', source: { label: 'American Diabetes Association Standards of Care in Diabetes, section 6: A1C at least twice yearly, quarterly if therapy changed', url: 'https://diabetesjournals.org/care' } },
  { id: 'dup-order/lipid', name: 'Lipid panel', loinc: ['57698-3', '24331-1'], windowHours: 24 * 30, severity: 'info', source: { label: '2018 AHA/ACC Guideline on the Management of Blood Cholesterol: lipid panel 4-12 weeks after a change, then every 3-12 months', url: 'https://doi.org/10.1161/CIR.0000000000000625' } },
  { id: 'dup-order/tsh', name: 'TSH', loinc: ['3016-3', '11580-8'], windowHours: 24 * 28, severity: 'info', source: { label: 'Jonklaas J et al. Guidelines for the treatment of hypothyroidism (ATA 2014): recheck TSH 4-6 weeks after a dose change', url: 'https://doi.org/10.1089/thy.2014.0028' } },
];
