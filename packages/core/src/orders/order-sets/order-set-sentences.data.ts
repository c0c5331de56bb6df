/**
 * Inpatient dose sentences the order sets need and the knowledge base's default sentences (which
 * are the usual outpatient starting doses, cds/kb/dose-sentences.data.ts) do not hold: IV
 * antibiotics, VTE prophylaxis, a post-operative opioid, an aspirin loading dose. Same shape and
 * the same rule as the knowledge base's: a complete order, citing its label section. Where the
 * knowledge base already has the right sentence for a drug, a set uses that one instead.
 */
import type { z } from 'zod';
import type { DoseSentenceSchema } from '../../cds/kb/schema.ts';
import { LABEL } from '../../cds/kb/citations.ts';

type Entry = z.input<typeof DoseSentenceSchema>;
type Rest = Omit<Entry, 'id' | 'rxcui' | 'source' | 'indication'>;
const s = (name: string, rxcui: string, indication: string, sentence: Rest, label: string, section: string): Entry =>
  ({ id: `order-set-sentence/${name}`, rxcui, indication, ...sentence, source: LABEL(label, section) });

export const CEFTRIAXONE = '2193';
export const VANCOMYCIN = '11124';
export const AZITHROMYCIN = '18631';
export const ENOXAPARIN = '67108';
export const HEPARIN = '5224';
export const OXYCODONE = '7804';
export const ASPIRIN = '1191';

export const ORDER_SET_SENTENCES: Entry[] = [
  s('ceftriaxone-sepsis', CEFTRIAXONE, 'sepsis, empiric (with vancomycin)', { dose: { value: 2, unit: 'g' }, route: 'iv', frequency: 'QD' }, 'Rocephin (ceftriaxone) for injection', 'section 2: usual adult dose 1-2 g once daily; up to 4 g daily'),
  s('ceftriaxone-cap', CEFTRIAXONE, 'community-acquired pneumonia, inpatient', { dose: { value: 1, unit: 'g' }, route: 'iv', frequency: 'QD', durationDays: 5 }, 'Rocephin (ceftriaxone) for injection', 'section 2: usual adult dose 1-2 g once daily'),
  s('vancomycin-iv', VANCOMYCIN, 'sepsis, empiric MRSA cover', { dose: { value: 1, unit: 'g' }, route: 'iv', frequency: 'Q12H' }, 'Vancomycin injection', 'section 2.2: 2 g daily as 500 mg every 6 hours or 1 g every 12 hours'),
  s('azithromycin-iv', AZITHROMYCIN, 'community-acquired pneumonia, inpatient', { dose: { value: 500, unit: 'mg' }, route: 'iv', frequency: 'QD', durationDays: 2 }, 'Zithromax (azithromycin) for injection', 'section 2.1: community-acquired pneumonia 500 mg IV once daily for at least 2 days, then oral'),
  s('enoxaparin-prophylaxis', ENOXAPARIN, 'VTE prophylaxis after abdominal surgery', { dose: { value: 40, unit: 'mg' }, route: 'subcut', frequency: 'QD' }, 'Lovenox (enoxaparin)', 'section 2.2: abdominal surgery 40 mg once daily'),
  s('heparin-prophylaxis', HEPARIN, 'VTE prophylaxis after surgery', { dose: { value: 5000, unit: 'unit' }, route: 'subcut', frequency: 'Q8H' }, 'Heparin sodium injection', 'section 2: prophylaxis 5,000 units every 8 to 12 hours'),
  s('oxycodone-postop', OXYCODONE, 'moderate post-operative pain not relieved otherwise', { dose: { value: 5, unit: 'mg' }, route: 'oral', frequency: 'Q4H', prn: 'severe pain' }, 'Roxicodone (oxycodone)', 'section 2: 5-15 mg every 4-6 hours as needed'),
  s('aspirin-loading', ASPIRIN, 'suspected acute coronary syndrome, first dose', { dose: { value: 325, unit: 'mg' }, route: 'oral', frequency: 'QD', durationDays: 1 }, 'aspirin, professional labeling', 'suspected acute MI: chew the first dose as soon as MI is suspected'),
];
