/**
 * Default dose sentences: the usual adult starting dose of each drug a suggestion can propose (every
 * interaction and drug-disease alternative) and of the common formulary drugs, as complete orders
 * (dose, unit, route, frequency, duration where a course is usual). A suggestion built from one is
 * re-checked by the engine before it is shown (../suggestions.ts). Each cites its label section.
 */
import type { z } from 'zod';
import type { DoseSentenceSchema } from './schema.ts';
import { LABEL } from './citations.ts';

type Entry = z.input<typeof DoseSentenceSchema>;
type Rest = Omit<Entry, 'id' | 'rxcui' | 'source' | 'indication'>;
const s = (name: string, rxcui: string, indication: string, sentence: Rest, label: string, section = 'section 2: dosage and administration'): Entry =>
  ({ id: `sentence/${name}`, rxcui, indication, ...sentence, source: LABEL(label, section) });

export const DOSE_SENTENCES: Entry[] = [
  // Alternatives offered by interaction and drug-disease cards.
  s('acetaminophen', '161', 'mild to moderate pain or fever', { dose: { value: 650, unit: 'mg' }, route: 'oral', frequency: 'Q6H', prn: 'pain or fever' }, 'Tylenol (acetaminophen), OTC Drug Facts', 'Directions: 650 mg every 4-6 hours, not above 3,250 mg in 24 hours'),
  s('pantoprazole', '40790', 'gastroprotection, GERD', { dose: { value: 40, unit: 'mg' }, route: 'oral', frequency: 'QD' }, 'Protonix (pantoprazole)', 'section 2.1: 40 mg once daily'),
  s('famotidine', '4278', 'GERD', { dose: { value: 20, unit: 'mg' }, route: 'oral', frequency: 'BID' }, 'Pepcid (famotidine)', 'section 2.1: GERD 20 mg twice daily'),
  s('fenofibrate', '8703', 'hypertriglyceridemia', { dose: { value: 145, unit: 'mg' }, route: 'oral', frequency: 'QD' }, 'Tricor (fenofibrate)', 'section 2: 145 mg once daily'),
  s('pravastatin', '42463', 'hyperlipidemia', { dose: { value: 40, unit: 'mg' }, route: 'oral', frequency: 'QD' }, 'Pravachol (pravastatin)', 'section 2.2: 40 mg once daily'),
  s('rosuvastatin', '301542', 'hyperlipidemia', { dose: { value: 10, unit: 'mg' }, route: 'oral', frequency: 'QD' }, 'Crestor (rosuvastatin)', 'section 2.1: 10-20 mg once daily'),
  s('azithromycin', '18631', 'community-acquired pneumonia (outpatient)', { dose: { value: 500, unit: 'mg' }, route: 'oral', frequency: 'QD', durationDays: 3 }, 'Zithromax (azithromycin)', 'section 2.1: 500 mg once daily for 3 days'),
  s('lorazepam', '6470', 'anxiety', { dose: { value: 1, unit: 'mg' }, route: 'oral', frequency: 'BID', prn: 'anxiety' }, 'Ativan (lorazepam) tablets', 'Dosage: anxiety 2-3 mg/day in 2-3 divided doses'),
  // Common formulary drugs.
  s('amlodipine', '17767', 'hypertension', { dose: { value: 5, unit: 'mg' }, route: 'oral', frequency: 'QD' }, 'Norvasc (amlodipine)', 'section 2.1: 5 mg once daily'),
  s('lisinopril', '29046', 'hypertension', { dose: { value: 10, unit: 'mg' }, route: 'oral', frequency: 'QD' }, 'Zestril (lisinopril)', 'section 2.1: 10 mg once daily'),
  s('losartan', '52175', 'hypertension', { dose: { value: 50, unit: 'mg' }, route: 'oral', frequency: 'QD' }, 'Cozaar (losartan)', 'section 2.1: 50 mg once daily'),
  s('hydrochlorothiazide', '5487', 'hypertension', { dose: { value: 25, unit: 'mg' }, route: 'oral', frequency: 'QD' }, 'hydrochlorothiazide tablets', 'Dosage: 25 mg once daily'),
  s('metoprolol', '6918', 'hypertension', { dose: { value: 25, unit: 'mg' }, route: 'oral', frequency: 'BID' }, 'Lopressor (metoprolol tartrate)', 'section 2.1: 100 mg/day in 1-2 doses; start low'),
  s('carvedilol', '20352', 'heart failure', { dose: { value: 3.125, unit: 'mg' }, route: 'oral', frequency: 'BID' }, 'Coreg (carvedilol)', 'section 2.1: 3.125 mg twice daily for 2 weeks'),
  s('furosemide', '4603', 'edema', { dose: { value: 20, unit: 'mg' }, route: 'oral', frequency: 'QD' }, 'Lasix (furosemide)', 'section 2: 20-80 mg as a single dose'),
  s('spironolactone', '9997', 'heart failure', { dose: { value: 25, unit: 'mg' }, route: 'oral', frequency: 'QD' }, 'Aldactone (spironolactone)', 'section 2.1: 25 mg once daily'),
  s('atorvastatin', '83367', 'hyperlipidemia', { dose: { value: 20, unit: 'mg' }, route: 'oral', frequency: 'QD' }, 'Lipitor (atorvastatin)', 'section 2.1: 10-20 mg once daily'),
  s('ezetimibe', '341248', 'hyperlipidemia', { dose: { value: 10, unit: 'mg' }, route: 'oral', frequency: 'QD' }, 'Zetia (ezetimibe)', 'section 2: 10 mg once daily'),
  s('metformin', '6809', 'type 2 diabetes', { dose: { value: 500, unit: 'mg' }, route: 'oral', frequency: 'BID' }, 'Glucophage (metformin)', 'section 2.1: 500 mg twice daily'),
  s('glipizide', '4821', 'type 2 diabetes', { dose: { value: 5, unit: 'mg' }, route: 'oral', frequency: 'QD' }, 'Glucotrol (glipizide)', 'Dosage: 5 mg once daily before breakfast'),
  s('sitagliptin', '593411', 'type 2 diabetes', { dose: { value: 100, unit: 'mg' }, route: 'oral', frequency: 'QD' }, 'Januvia (sitagliptin)', 'section 2.1: 100 mg once daily'),
  s('empagliflozin', '1545653', 'type 2 diabetes, heart failure', { dose: { value: 10, unit: 'mg' }, route: 'oral', frequency: 'QD' }, 'Jardiance (empagliflozin)', 'section 2: 10 mg once daily'),
  s('insulin-glargine', '274783', 'diabetes (basal insulin)', { dose: { value: 10, unit: 'unit' }, route: 'subcut', frequency: 'QD' }, 'Lantus (insulin glargine)', 'section 2.3: type 2 diabetes start 0.2 units/kg or up to 10 units once daily'),
  s('levothyroxine', '10582', 'hypothyroidism', { dose: { value: 50, unit: 'mcg' }, route: 'oral', frequency: 'QD' }, 'Synthroid (levothyroxine)', 'section 2.3: start 25-50 mcg/day in older patients or heart disease'),
  s('alendronate', '46041', 'osteoporosis', { dose: { value: 70, unit: 'mg' }, route: 'oral', frequency: 'QWK' }, 'Fosamax (alendronate)', 'section 2.1: 70 mg once weekly'),
  s('methotrexate', '6851', 'rheumatoid arthritis', { dose: { value: 7.5, unit: 'mg' }, route: 'oral', frequency: 'QWK' }, 'methotrexate tablets', 'section 2.3: rheumatoid arthritis 7.5 mg once weekly'),
  s('sertraline', '36437', 'depression', { dose: { value: 50, unit: 'mg' }, route: 'oral', frequency: 'QD' }, 'Zoloft (sertraline)', 'section 2.1: 50 mg once daily'),
  s('escitalopram', '321988', 'depression', { dose: { value: 10, unit: 'mg' }, route: 'oral', frequency: 'QD' }, 'Lexapro (escitalopram)', 'section 2.1: 10 mg once daily'),
  s('trazodone', '10737', 'insomnia with depression', { dose: { value: 50, unit: 'mg' }, route: 'oral', frequency: 'HS' }, 'Desyrel (trazodone)', 'section 2.1: start 150 mg/day in divided doses; lower at bedtime in practice'),
  s('gabapentin', '25480', 'postherpetic neuralgia', { dose: { value: 300, unit: 'mg' }, route: 'oral', frequency: 'TID' }, 'Neurontin (gabapentin)', 'section 2.1: 300 mg three times daily from day 3'),
  s('ibuprofen', '5640', 'mild to moderate pain', { dose: { value: 400, unit: 'mg' }, route: 'oral', frequency: 'Q6H', prn: 'pain' }, 'Motrin (ibuprofen)', 'Dosage: 400 mg every 4-6 hours as needed'),
  s('naproxen', '7258', 'pain, osteoarthritis', { dose: { value: 500, unit: 'mg' }, route: 'oral', frequency: 'BID' }, 'Naprosyn (naproxen)', 'section 2: 250-500 mg twice daily'),
  s('amoxicillin', '723', 'acute bacterial sinusitis or otitis', { dose: { value: 500, unit: 'mg' }, route: 'oral', frequency: 'TID', durationDays: 10 }, 'Amoxil (amoxicillin)', 'section 2.2: 500 mg every 8 hours'),
  s('cephalexin', '2231', 'skin and soft tissue infection', { dose: { value: 500, unit: 'mg' }, route: 'oral', frequency: 'Q12H', durationDays: 7 }, 'Keflex (cephalexin)', 'section 2.1: 500 mg every 12 hours for skin infections'),
  s('doxycycline', '3640', 'skin infection, community-acquired pneumonia', { dose: { value: 100, unit: 'mg' }, route: 'oral', frequency: 'Q12H', durationDays: 7 }, 'Vibramycin (doxycycline)', 'Dosage: 100 mg every 12 hours'),
  s('nitrofurantoin', '7454', 'uncomplicated cystitis', { dose: { value: 100, unit: 'mg' }, route: 'oral', frequency: 'BID', durationDays: 5 }, 'Macrobid (nitrofurantoin)', 'Dosage: 100 mg every 12 hours; IDSA 2010 cystitis guideline 5 days'),
  s('ciprofloxacin', '2551', 'complicated urinary tract infection', { dose: { value: 500, unit: 'mg' }, route: 'oral', frequency: 'Q12H', durationDays: 7 }, 'Cipro (ciprofloxacin)', 'section 2.1: 500 mg every 12 hours for 7-14 days'),
  s('valacyclovir', '73645', 'herpes zoster', { dose: { value: 1000, unit: 'mg' }, route: 'oral', frequency: 'TID', durationDays: 7 }, 'Valtrex (valacyclovir)', 'section 2.2: herpes zoster 1 g three times daily for 7 days'),
  s('prednisone', '8640', 'short anti-inflammatory course', { dose: { value: 40, unit: 'mg' }, route: 'oral', frequency: 'QD', durationDays: 5 }, 'prednisone tablets', 'Dosage: 5-60 mg/day depending on the condition'),
  s('ondansetron', '26225', 'nausea and vomiting', { dose: { value: 4, unit: 'mg' }, route: 'oral', frequency: 'Q8H', prn: 'nausea' }, 'Zofran (ondansetron)', 'section 2: 8 mg every 8 hours for chemotherapy; 4 mg doses for postoperative nausea'),
  s('loratadine', '28889', 'allergic rhinitis', { dose: { value: 10, unit: 'mg' }, route: 'oral', frequency: 'QD' }, 'Claritin (loratadine), OTC Drug Facts', 'Directions: 10 mg once daily'),
  s('cetirizine', '20610', 'allergic rhinitis', { dose: { value: 10, unit: 'mg' }, route: 'oral', frequency: 'QD' }, 'Zyrtec (cetirizine), OTC Drug Facts', 'Directions: 10 mg once daily'),
  s('montelukast', '88249', 'asthma', { dose: { value: 10, unit: 'mg' }, route: 'oral', frequency: 'HS' }, 'Singulair (montelukast)', 'section 2.1: 10 mg once daily in the evening'),
  s('albuterol', '435', 'acute bronchospasm', { dose: { value: 2, unit: 'puff' }, route: 'inhaled', frequency: 'Q4H', prn: 'wheeze or shortness of breath' }, 'ProAir HFA (albuterol)', 'section 2: 2 inhalations every 4-6 hours as needed'),
  s('fluticasone', '41126', 'asthma maintenance', { dose: { value: 2, unit: 'puff' }, route: 'inhaled', frequency: 'BID' }, 'Flovent HFA (fluticasone)', 'section 2: 2 inhalations twice daily'),
  s('tiotropium', '69120', 'COPD maintenance', { dose: { value: 2, unit: 'puff' }, route: 'inhaled', frequency: 'QD' }, 'Spiriva Respimat (tiotropium)', 'section 2: 2 inhalations once daily'),
  s('apixaban', '1364430', 'atrial fibrillation', { dose: { value: 5, unit: 'mg' }, route: 'oral', frequency: 'BID' }, 'Eliquis (apixaban)', 'section 2.1: 5 mg twice daily'),
  s('clopidogrel', '32968', 'secondary prevention after MI or stroke', { dose: { value: 75, unit: 'mg' }, route: 'oral', frequency: 'QD' }, 'Plavix (clopidogrel)', 'section 2: 75 mg once daily'),
  s('aspirin', '1191', 'secondary cardiovascular prevention', { dose: { value: 81, unit: 'mg' }, route: 'oral', frequency: 'QD' }, 'aspirin 81 mg, professional labeling', 'Dosage: 75-325 mg once daily'),
  s('tamsulosin', '77492', 'benign prostatic hyperplasia', { dose: { value: 0.4, unit: 'mg' }, route: 'oral', frequency: 'QD' }, 'Flomax (tamsulosin)', 'section 2.1: 0.4 mg once daily'),
  s('finasteride', '25025', 'benign prostatic hyperplasia', { dose: { value: 5, unit: 'mg' }, route: 'oral', frequency: 'QD' }, 'Proscar (finasteride)', 'section 2: 5 mg once daily'),
  s('allopurinol', '519', 'gout (urate lowering)', { dose: { value: 100, unit: 'mg' }, route: 'oral', frequency: 'QD' }, 'Zyloprim (allopurinol)', 'Dosage: start 100 mg daily'),
  s('colchicine', '2683', 'gout flare prophylaxis', { dose: { value: 0.6, unit: 'mg' }, route: 'oral', frequency: 'QD' }, 'Colcrys (colchicine)', 'section 2.1: prophylaxis 0.6 mg once or twice daily'),
  s('omeprazole', '7646', 'GERD', { dose: { value: 20, unit: 'mg' }, route: 'oral', frequency: 'QD' }, 'Prilosec (omeprazole)', 'section 2: 20 mg once daily'),
];
