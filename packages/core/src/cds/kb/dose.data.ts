/**
 * Dose limits: adult single and daily maxima, pediatric mg/kg limits, and lower limits from a given
 * age. Checked against the sum of every active and draft order of the same ingredient, including
 * combination products (e.g. hydrocodone/acetaminophen + acetaminophen).
 */
import type { z } from 'zod';
import type { DoseLimitSchema } from './schema.ts';
import { AAP_AOM_2013, FDA_DSC_2011_APAP, FDA_DSC_2012_CITALOPRAM, LABEL } from './citations.ts';

type Entry = z.input<typeof DoseLimitSchema>;
const d = (id: string, rxcui: string, adult: Entry['adult'], source: Entry['source'], extra: Partial<Entry> = {}): Entry => ({ id: `dose/${id}`, rxcui, adult, source, ...extra });

export const DOSE_LIMITS: Entry[] = [
  d('acetaminophen', '161', { maxSingleMg: 1000, maxDailyMg: 4000 }, FDA_DSC_2011_APAP, {
    pediatric: { maxSingleMgPerKg: 15, maxDailyMgPerKg: 75, maxSingleMg: 1000, maxDailyMg: 4000 },
    note: 'Pediatric 15 mg/kg/dose, 75 mg/kg/day (not above adult maxima), per OTC pediatric labeling and Ofirmev label section 2.',
  }),
  d('ibuprofen', '5640', { maxSingleMg: 800, maxDailyMg: 3200 }, LABEL('Motrin (ibuprofen) tablets', 'Dosage and Administration: do not exceed 3200 mg/day'), {
    pediatric: { maxSingleMgPerKg: 10, maxDailyMgPerKg: 40, maxSingleMg: 800, maxDailyMg: 2400 },
  }),
  d('naproxen', '7258', { maxDailyMg: 1500 }, LABEL('Naprosyn (naproxen)', 'section 2: up to 1500 mg/day for limited periods')),
  d('meloxicam', '41493', { maxDailyMg: 15 }, LABEL('Mobic (meloxicam)', 'section 2: maximum 15 mg once daily')),
  d('celecoxib', '140587', { maxDailyMg: 400 }, LABEL('Celebrex (celecoxib)', 'section 2: up to 200 mg twice daily')),
  d('diclofenac', '3355', { maxDailyMg: 200 }, LABEL('Voltaren (diclofenac)', 'section 2: up to 200 mg/day in rheumatoid arthritis')),
  d('ketorolac', '35827', { maxSingleMg: 10, maxDailyMg: 40 }, LABEL('ketorolac tromethamine tablets', 'Dosage and Administration: oral 10 mg every 4-6 h, max 40 mg/day, 5 days total')),
  d('amoxicillin', '723', { maxSingleMg: 1000, maxDailyMg: 3000 }, LABEL('Amoxil (amoxicillin)', 'section 2: adult dosing; 1 g three times daily for H. pylori'), {
    pediatric: { maxDailyMgPerKg: 90, maxDailyMg: 4000 },
    note: `Pediatric limit: high-dose 80-90 mg/kg/day for acute otitis media (${AAP_AOM_2013.label}).`,
  }),
  d('cephalexin', '2231', { maxDailyMg: 4000 }, LABEL('Keflex (cephalexin)', 'section 2: adults 1-4 g/day; pediatric 25-50 mg/kg/day, up to 100 mg/kg/day'), {
    pediatric: { maxDailyMgPerKg: 100, maxDailyMg: 4000 },
  }),
  d('cefdinir', '25037', { maxDailyMg: 600 }, LABEL('Omnicef (cefdinir)', 'section 2: 600 mg/day; pediatric 14 mg/kg/day up to 600 mg'), {
    pediatric: { maxDailyMgPerKg: 14, maxDailyMg: 600 },
  }),
  d('azithromycin', '18631', { maxSingleMg: 2000 }, LABEL('Zithromax (azithromycin)', 'section 2: single 2 g dose maximum; pediatric 10 mg/kg (max 500 mg)'), {
    pediatric: { maxSingleMgPerKg: 10, maxSingleMg: 500 },
  }),
  d('ciprofloxacin', '2551', { maxSingleMg: 750, maxDailyMg: 1500 }, LABEL('Cipro (ciprofloxacin)', 'section 2.1: oral 250-750 mg every 12 hours')),
  d('levofloxacin', '82122', { maxDailyMg: 750 }, LABEL('Levaquin (levofloxacin)', 'section 2.1: 250-750 mg once daily')),
  d('nitrofurantoin', '7454', { maxDailyMg: 400 }, LABEL('Macrodantin (nitrofurantoin)', 'Dosage: 50-100 mg four times daily')),
  d('metronidazole', '6922', { maxDailyMg: 4000 }, LABEL('Flagyl (metronidazole)', 'Dosage: do not exceed 4 g in 24 hours')),
  d('clindamycin', '2582', { maxDailyMg: 1800 }, LABEL('Cleocin (clindamycin) capsules', 'Dosage: 150-450 mg every 6 hours')),
  d('doxycycline', '3640', { maxDailyMg: 200 }, LABEL('Vibramycin (doxycycline)', 'Dosage: 200 mg on day 1 then 100-200 mg/day')),
  d('valacyclovir', '73645', { maxDailyMg: 4000 }, LABEL('Valtrex (valacyclovir)', 'section 2: cold sores 2 g twice daily for 1 day')),
  d('acyclovir', '281', { maxDailyMg: 4000 }, LABEL('Zovirax (acyclovir) oral', 'section 2: herpes zoster 800 mg five times daily')),
  d('lisinopril', '29046', { maxDailyMg: 80 }, LABEL('Zestril (lisinopril)', 'section 2.1: doses up to 80 mg/day')),
  d('losartan', '52175', { maxDailyMg: 100 }, LABEL('Cozaar (losartan)', 'section 2: maximum 100 mg once daily')),
  d('amlodipine', '17767', { maxDailyMg: 10 }, LABEL('Norvasc (amlodipine)', 'section 2: maximum 10 mg once daily')),
  d('hydrochlorothiazide', '5487', { maxDailyMg: 50 }, LABEL('hydrochlorothiazide', 'Dosage: hypertension up to 50 mg/day')),
  d('metoprolol', '6918', { maxDailyMg: 450 }, LABEL('Lopressor (metoprolol tartrate)', 'section 2: up to 450 mg/day')),
  d('atenolol', '1202', { maxDailyMg: 100 }, LABEL('Tenormin (atenolol)', 'section 2: hypertension up to 100 mg/day')),
  d('carvedilol', '20352', { maxDailyMg: 100 }, LABEL('Coreg (carvedilol)', 'section 2: heart failure up to 50 mg twice daily (over 85 kg)')),
  d('atorvastatin', '83367', { maxDailyMg: 80 }, LABEL('Lipitor (atorvastatin)', 'section 2: 10-80 mg once daily')),
  d('simvastatin', '36567', { maxDailyMg: 40 }, LABEL('Zocor (simvastatin)', 'section 2: 80 mg only for patients already on it 12 months without myopathy (FDA 2011)'), {
    note: 'New 80 mg prescriptions are restricted; a warning at over 40 mg/day asks the prescriber to confirm.',
  }),
  d('rosuvastatin', '301542', { maxDailyMg: 40 }, LABEL('Crestor (rosuvastatin)', 'section 2: 5-40 mg once daily')),
  d('pravastatin', '42463', { maxDailyMg: 80 }, LABEL('Pravachol (pravastatin)', 'section 2: 10-80 mg once daily')),
  d('metformin', '6809', { maxDailyMg: 2550 }, LABEL('Glucophage (metformin)', 'section 2: immediate release up to 2550 mg/day'), {
    pediatric: { maxDailyMg: 2000 },
  }),
  d('glipizide', '4821', { maxDailyMg: 40 }, LABEL('Glucotrol (glipizide)', 'Dosage: maximum 40 mg/day')),
  d('sertraline', '36437', { maxDailyMg: 200 }, LABEL('Zoloft (sertraline)', 'section 2: maximum 200 mg/day')),
  d('escitalopram', '321988', { maxDailyMg: 20 }, LABEL('Lexapro (escitalopram)', 'section 2: maximum 20 mg/day')),
  d('citalopram', '2556', { maxDailyMg: 40 }, FDA_DSC_2012_CITALOPRAM, { olderAdult: { fromAgeYears: 60, maxDailyMg: 20 } }),
  d('fluoxetine', '4493', { maxDailyMg: 80 }, LABEL('Prozac (fluoxetine)', 'section 2: maximum 80 mg/day')),
  d('paroxetine', '32937', { maxDailyMg: 60 }, LABEL('Paxil (paroxetine)', 'section 2: up to 60 mg/day (OCD)')),
  d('duloxetine', '72625', { maxDailyMg: 120 }, LABEL('Cymbalta (duloxetine)', 'section 2: up to 120 mg/day')),
  d('venlafaxine', '39786', { maxDailyMg: 375 }, LABEL('venlafaxine tablets', 'Dosage: severe depression up to 375 mg/day')),
  d('bupropion', '42347', { maxSingleMg: 150, maxDailyMg: 450 }, LABEL('Wellbutrin (bupropion IR)', 'section 2: maximum 450 mg/day, no single dose above 150 mg')),
  d('trazodone', '10737', { maxDailyMg: 400 }, LABEL('Desyrel (trazodone)', 'section 2: outpatients up to 400 mg/day')),
  d('gabapentin', '25480', { maxDailyMg: 3600 }, LABEL('Neurontin (gabapentin)', 'section 2: up to 3600 mg/day')),
  d('pregabalin', '187832', { maxDailyMg: 600 }, LABEL('Lyrica (pregabalin)', 'section 2: maximum 600 mg/day')),
  d('tramadol', '10689', { maxSingleMg: 100, maxDailyMg: 400 }, LABEL('Ultram (tramadol)', 'section 2: 50-100 mg every 4-6 hours, not above 400 mg/day')),
  d('cyclobenzaprine', '21949', { maxDailyMg: 30 }, LABEL('Flexeril (cyclobenzaprine)', 'Dosage: 5-10 mg three times daily')),
  d('alprazolam', '596', { maxDailyMg: 10 }, LABEL('Xanax (alprazolam)', 'section 2: panic disorder up to 10 mg/day')),
  d('lorazepam', '6470', { maxDailyMg: 10 }, LABEL('Ativan (lorazepam) tablets', 'Dosage: 2-6 mg/day, range 1-10 mg/day')),
  d('zolpidem', '39993', { maxSingleMg: 10, maxDailyMg: 10 }, LABEL('Ambien (zolpidem)', 'section 2: 5 mg (women) or 5-10 mg (men), not above 10 mg once daily')),
  d('quetiapine', '51272', { maxDailyMg: 800 }, LABEL('Seroquel (quetiapine)', 'section 2: up to 800 mg/day')),
  d('aripiprazole', '89013', { maxDailyMg: 30 }, LABEL('Abilify (aripiprazole)', 'section 2: maximum 30 mg/day')),
  d('risperidone', '35636', { maxDailyMg: 16 }, LABEL('Risperdal (risperidone)', 'section 2: doses above 16 mg/day not evaluated')),
  d('ondansetron', '26225', { maxSingleMg: 24 }, LABEL('Zofran (ondansetron)', 'section 2: oral single dose up to 24 mg')),
  d('diphenhydramine', '3498', { maxSingleMg: 50, maxDailyMg: 300 }, LABEL('diphenhydramine (OTC Drug Facts)', 'Directions: do not exceed 6 doses in 24 hours')),
  d('montelukast', '88249', { maxDailyMg: 10 }, LABEL('Singulair (montelukast)', 'section 2: 10 mg once daily')),
  d('allopurinol', '519', { maxSingleMg: 300, maxDailyMg: 800 }, LABEL('Zyloprim (allopurinol)', 'Dosage: maximum 800 mg/day; doses over 300 mg divided')),
  d('colchicine', '2683', { maxDailyMg: 1.8 }, LABEL('Colcrys (colchicine)', 'section 2: gout flare 1.8 mg over 1 hour; prophylaxis up to 1.2 mg/day')),
  d('sumatriptan', '37418', { maxSingleMg: 100, maxDailyMg: 200 }, LABEL('Imitrex (sumatriptan) tablets', 'section 2: maximum 200 mg in 24 hours')),
  d('methylphenidate', '6901', { maxDailyMg: 60 }, LABEL('Ritalin (methylphenidate)', 'section 2: maximum 60 mg/day'), { pediatric: { maxDailyMg: 60 } }),
  d('sildenafil', '136411', { maxSingleMg: 100, maxDailyMg: 100 }, LABEL('Viagra (sildenafil)', 'section 2: maximum 100 mg once daily')),
  d('tamsulosin', '77492', { maxDailyMg: 0.8 }, LABEL('Flomax (tamsulosin)', 'section 2: 0.4-0.8 mg once daily')),
  d('prednisolone', '8638', { maxDailyMg: 80 }, LABEL('prednisolone oral solution', 'Dosage'), {
    pediatric: { maxDailyMgPerKg: 2, maxDailyMg: 60 },
    note: 'Pediatric asthma burst 1-2 mg/kg/day, max 60 mg/day (NAEPP EPR-3, 2007).',
  }),
];
