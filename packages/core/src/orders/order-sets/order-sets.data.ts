/**
 * Lantern's order sets. Each follows one guideline (cited with its year); every drug is a complete
 * dose sentence (the knowledge base's default where it fits, `order-set-sentences.data.ts` where an
 * inpatient dose is needed) and every order is checked by CDS and signed like any other. Items are
 * pre-checked (`checked: true`) when the guideline recommends them for everyone the set is for;
 * the others are offered with the reason they would be chosen.
 */
import type { OrderSetInput } from './schema.ts';
import {
  ADA_HYPERGLYCEMIC_CRISES_2024, AHA_ACC_CHEST_PAIN_2021, AHA_ACC_NSTE_ACS_2014, ATS_IDSA_CAP_2019, CHEST_VTE_SURGICAL_2012,
  ERAS_COLORECTAL_2018, SURVIVING_SEPSIS_2021,
} from './guidelines.ts';

const lab = (id: string, loinc: string, checked: boolean, priority: 'routine' | 'urgent' | 'asap' | 'stat' = 'routine', note?: string) =>
  ({ id, kind: 'service' as const, loinc, priority, checked, ...(note === undefined ? {} : { note }) });
const drug = (id: string, sentenceId: string, checked: boolean, note?: string) =>
  ({ id, kind: 'medication' as const, sentenceId, checked, ...(note === undefined ? {} : { note }) });

export const ORDER_SETS: OrderSetInput[] = [
  {
    id: 'sepsis-bundle',
    name: 'Sepsis bundle (first hour)',
    indication: 'Adult with suspected sepsis or septic shock',
    guideline: SURVIVING_SEPSIS_2021,
    caveat: 'Give 30 mL/kg IV crystalloid for hypoperfusion and start vasopressors per the infusion protocol: Lantern does not order infusions.',
    items: [
      lab('lactate', '2524-7', true, 'stat', 'Measure lactate; re-measure if above 2 mmol/L'),
      lab('blood-cultures', '600-7', true, 'stat', 'Before antimicrobials, when it does not delay them'),
      lab('cbc', '58410-2', true, 'stat'),
      lab('cmp', '24323-8', true, 'stat'),
      drug('ceftriaxone', 'order-set-sentence/ceftriaxone-sepsis', true, 'Within 1 hour of recognition'),
      drug('vancomycin', 'order-set-sentence/vancomycin-iv', true, 'When MRSA risk is high'),
      drug('acetaminophen', 'sentence/acetaminophen', false, 'For fever or pain'),
    ],
  },
  {
    id: 'cap-admission',
    name: 'Community-acquired pneumonia admission',
    indication: 'Adult admitted to a ward with non-severe community-acquired pneumonia',
    guideline: ATS_IDSA_CAP_2019,
    items: [
      lab('cxr', '36643-5', true, 'urgent'),
      lab('cbc', '58410-2', true),
      lab('bmp', '51990-0', true),
      lab('blood-cultures', '600-7', false, 'routine', 'Severe pneumonia, or prior MRSA or Pseudomonas'),
      drug('ceftriaxone', 'order-set-sentence/ceftriaxone-cap', true, 'Beta-lactam'),
      drug('azithromycin', 'order-set-sentence/azithromycin-iv', true, 'Macrolide, with the beta-lactam'),
      drug('doxycycline', 'sentence/doxycycline', false, 'Instead of azithromycin when a macrolide cannot be given'),
    ],
  },
  {
    id: 'dka',
    name: 'Diabetic ketoacidosis',
    indication: 'Adult with diabetic ketoacidosis',
    guideline: ADA_HYPERGLYCEMIC_CRISES_2024,
    caveat: 'IV fluids, the IV insulin infusion and potassium replacement follow the infusion protocol: Lantern does not order infusions.',
    items: [
      lab('bmp', '51990-0', true, 'stat', 'Anion gap and potassium before insulin'),
      lab('glucose', '2345-7', true, 'stat'),
      lab('magnesium', '19123-9', true, 'stat'),
      lab('phosphate', '2777-1', true, 'stat'),
      lab('cbc', '58410-2', true, 'stat'),
      lab('urinalysis', '24356-8', true, 'urgent', 'Ketones'),
      lab('ecg', '11524-6', true, 'stat', 'Signs of hyper- or hypokalemia'),
      lab('a1c', '4548-4', false),
      drug('insulin-glargine', 'sentence/insulin-glargine', false, 'Early basal insulin alongside the IV insulin infusion'),
      drug('ondansetron', 'sentence/ondansetron', false, 'For nausea'),
    ],
  },
  {
    id: 'post-operative',
    name: 'Post-operative care (enhanced recovery)',
    indication: 'Adult after elective abdominal surgery',
    guideline: ERAS_COLORECTAL_2018,
    alsoCites: [CHEST_VTE_SURGICAL_2012],
    items: [
      lab('cbc', '58410-2', true, 'routine', 'Post-operative day 1'),
      lab('bmp', '51990-0', true, 'routine', 'Post-operative day 1'),
      drug('acetaminophen', 'sentence/acetaminophen', true, 'Multimodal, opioid-sparing analgesia'),
      drug('ondansetron', 'sentence/ondansetron', true, 'Post-operative nausea and vomiting'),
      drug('enoxaparin', 'order-set-sentence/enoxaparin-prophylaxis', true, 'VTE prophylaxis'),
      drug('heparin', 'order-set-sentence/heparin-prophylaxis', false, 'Instead of enoxaparin when creatinine clearance is below 30 mL/min'),
      drug('oxycodone', 'order-set-sentence/oxycodone-postop', false, 'Only for pain the above does not relieve'),
    ],
  },
  {
    id: 'chest-pain',
    name: 'Chest pain workup',
    indication: 'Adult with acute chest pain in the emergency department',
    guideline: AHA_ACC_CHEST_PAIN_2021,
    alsoCites: [AHA_ACC_NSTE_ACS_2014],
    items: [
      lab('ecg', '11524-6', true, 'stat', 'Within 10 minutes of arrival'),
      lab('troponin', '10839-9', true, 'stat', 'Repeat per the high-sensitivity pathway'),
      lab('cxr', '36643-5', true, 'urgent'),
      lab('cbc', '58410-2', true),
      lab('bmp', '51990-0', true),
      lab('lipids', '57698-3', false),
      drug('aspirin', 'order-set-sentence/aspirin-loading', false, 'If acute coronary syndrome is suspected; chewed'),
    ],
  },
];
