/**
 * Renal contraindications and adjustments, from the latest eGFR where the label uses eGFR, or a
 * Cockcroft-Gault CrCl where the label uses creatinine clearance. Bands are checked lowest first.
 * Body weight for CrCl: labels' own trials used actual body weight ('actual', the default); the
 * Beers entries, which do not name a weight, use ideal body weight with adjusted body weight above
 * 120% of ideal ('ideal-or-adjusted', Winter MA et al. Pharmacotherapy 2012), so obesity does not
 * inflate the estimate.
 */
import type { z } from 'zod';
import type { RenalRuleSchema } from './schema.ts';
import { BEERS_2023, LABEL } from './citations.ts';
import { RENAL_RULES_LABELS } from './renal-labels.data.ts';

export const RENAL_RULES: z.input<typeof RenalRuleSchema>[] = [
  {
    id: 'renal/metformin', rxcui: '6809', measure: 'egfr',
    bands: [
      { below: 30, severity: 'critical', action: 'contraindicated', text: 'Metformin is contraindicated with eGFR below 30 mL/min/1.73m2 (lactic acidosis).' },
      { below: 45, severity: 'warning', action: 'avoid', text: 'Starting metformin with eGFR 30-45 is not recommended; if already taking it, assess benefit and risk.' },
    ],
    source: LABEL('Glucophage (metformin)', 'section 2.3 (renal impairment) and section 4 (contraindications)'),
  },
  {
    id: 'renal/nitrofurantoin', bodyWeight: 'ideal-or-adjusted', rxcui: '7454', measure: 'crcl',
    bands: [
      { below: 30, severity: 'critical', action: 'avoid', text: 'Avoid nitrofurantoin with CrCl below 30 mL/min: ineffective in urine and more toxic (Beers 2023).' },
      { below: 60, severity: 'warning', action: 'avoid', text: 'The nitrofurantoin label lists significant renal impairment (CrCl under 60 mL/min) as a contraindication; short courses are accepted down to CrCl 30 (Beers 2023).' },
    ],
    source: BEERS_2023,
  },
  {
    id: 'renal/gabapentin', rxcui: '25480', measure: 'crcl',
    bands: [
      { below: 15, severity: 'warning', action: 'reduce-dose', maxDailyMg: 300, text: 'CrCl under 15: gabapentin 100-300 mg/day.' },
      { below: 30, severity: 'warning', action: 'reduce-dose', maxDailyMg: 700, text: 'CrCl 15-29: gabapentin 200-700 mg/day.' },
      { below: 60, severity: 'warning', action: 'reduce-dose', maxDailyMg: 1400, text: 'CrCl 30-59: gabapentin 400-1400 mg/day.' },
    ],
    source: LABEL('Neurontin (gabapentin)', 'section 2.4, Table 1: dosage by creatinine clearance'),
  },
  {
    id: 'renal/pregabalin', rxcui: '187832', measure: 'crcl',
    bands: [
      { below: 15, severity: 'warning', action: 'reduce-dose', maxDailyMg: 75, text: 'CrCl under 15: pregabalin 25-75 mg/day.' },
      { below: 30, severity: 'warning', action: 'reduce-dose', maxDailyMg: 150, text: 'CrCl 15-29: pregabalin 25-150 mg/day.' },
      { below: 60, severity: 'warning', action: 'reduce-dose', maxDailyMg: 300, text: 'CrCl 30-59: pregabalin 75-300 mg/day.' },
    ],
    source: LABEL('Lyrica (pregabalin)', 'section 2.5, Table: dosage adjustment based on renal function'),
  },
  {
    id: 'renal/tramadol', rxcui: '10689', measure: 'crcl',
    bands: [{ below: 30, severity: 'warning', action: 'reduce-dose', maxDailyMg: 200, text: 'CrCl under 30: tramadol every 12 hours, not above 200 mg/day.' }],
    source: LABEL('Ultram (tramadol)', 'section 2.4: patients with renal impairment'),
  },
  {
    id: 'renal/duloxetine', rxcui: '72625', measure: 'crcl',
    bands: [{ below: 30, severity: 'warning', action: 'avoid', text: 'Avoid duloxetine with CrCl under 30 mL/min.' }],
    source: LABEL('Cymbalta (duloxetine)', 'section 2 and 8.10: severe renal impairment'),
  },
  {
    id: 'renal/rivaroxaban', rxcui: '1114195', measure: 'crcl',
    bands: [
      { below: 15, severity: 'warning', action: 'avoid', text: 'Avoid rivaroxaban with CrCl under 15 mL/min.' },
      { below: 50, severity: 'warning', action: 'reduce-dose', maxDailyMg: 15, text: 'Atrial fibrillation with CrCl 15-50: rivaroxaban 15 mg once daily.' },
    ],
    source: LABEL('Xarelto (rivaroxaban)', 'section 2.3 and 8.6: renal impairment'),
  },
  {
    id: 'renal/enoxaparin', rxcui: '67108', measure: 'crcl',
    bands: [{ below: 30, severity: 'warning', action: 'reduce-dose', text: 'CrCl under 30: reduce enoxaparin (e.g. 1 mg/kg once daily for treatment, 30 mg daily for prophylaxis).' }],
    source: LABEL('Lovenox (enoxaparin)', 'section 2.4: renal impairment'),
  },
  {
    id: 'renal/sitagliptin', rxcui: '593411', measure: 'egfr',
    bands: [
      { below: 30, severity: 'warning', action: 'reduce-dose', maxDailyMg: 25, text: 'eGFR under 30: sitagliptin 25 mg once daily.' },
      { below: 45, severity: 'warning', action: 'reduce-dose', maxDailyMg: 50, text: 'eGFR 30-44: sitagliptin 50 mg once daily.' },
    ],
    source: LABEL('Januvia (sitagliptin)', 'section 2.2: patients with renal impairment'),
  },
  {
    id: 'renal/spironolactone', rxcui: '9997', measure: 'egfr',
    bands: [{ below: 30, severity: 'warning', action: 'avoid', text: 'eGFR under 30: spironolactone is not recommended (hyperkalemia); monitor potassium closely if used.' }],
    source: LABEL('Aldactone (spironolactone)', 'section 2 and 8.6: renal impairment'),
  },
  {
    id: 'renal/nsaid-ibuprofen', bodyWeight: 'ideal-or-adjusted', rxcui: '5640', measure: 'crcl',
    bands: [{ below: 30, severity: 'warning', action: 'avoid', text: 'Avoid NSAIDs with CrCl under 30 mL/min (acute kidney injury).' }],
    source: BEERS_2023,
  },
  {
    id: 'renal/nsaid-naproxen', bodyWeight: 'ideal-or-adjusted', rxcui: '7258', measure: 'crcl',
    bands: [{ below: 30, severity: 'warning', action: 'avoid', text: 'Avoid NSAIDs with CrCl under 30 mL/min (acute kidney injury).' }],
    source: BEERS_2023,
  },
  {
    id: 'renal/nsaid-meloxicam', bodyWeight: 'ideal-or-adjusted', rxcui: '41493', measure: 'crcl',
    bands: [{ below: 30, severity: 'warning', action: 'avoid', text: 'Avoid NSAIDs with CrCl under 30 mL/min (acute kidney injury).' }],
    source: BEERS_2023,
  },
  {
    id: 'renal/levetiracetam', rxcui: '114477', measure: 'crcl',
    bands: [
      { below: 30, severity: 'warning', action: 'reduce-dose', maxDailyMg: 1000, text: 'CrCl under 30: levetiracetam 250-500 mg every 12 hours.' },
      { below: 50, severity: 'warning', action: 'reduce-dose', maxDailyMg: 1500, text: 'CrCl 30-50: levetiracetam 250-750 mg every 12 hours.' },
      { below: 80, severity: 'info', action: 'reduce-dose', maxDailyMg: 2000, text: 'CrCl 50-80: levetiracetam 500-1000 mg every 12 hours.' },
    ],
    source: LABEL('Keppra (levetiracetam)', 'section 2.5: dosage adjustments in adult patients with renal impairment'),
  },
  {
    id: 'renal/sulfamethoxazole', rxcui: '10180', measure: 'crcl',
    bands: [
      { below: 15, severity: 'warning', action: 'avoid', text: 'CrCl under 15: sulfamethoxazole/trimethoprim is not recommended.' },
      { below: 30, severity: 'warning', action: 'reduce-dose', text: 'CrCl 15-30: give half the usual sulfamethoxazole/trimethoprim dose.' },
    ],
    source: LABEL('Bactrim (sulfamethoxazole and trimethoprim)', 'Dosage and Administration: impaired renal function'),
  },
  {
    id: 'renal/ciprofloxacin', rxcui: '2551', measure: 'crcl',
    bands: [
      { below: 30, severity: 'warning', action: 'reduce-dose', maxDailyMg: 1000, text: 'CrCl 5-29: ciprofloxacin 250-500 mg every 18 hours.' },
      { below: 50, severity: 'info', action: 'reduce-dose', maxDailyMg: 1000, text: 'CrCl 30-50: ciprofloxacin 250-500 mg every 12 hours.' },
    ],
    source: LABEL('Cipro (ciprofloxacin)', 'section 2.3, Table 2: renal impairment'),
  },
  {
    id: 'renal/allopurinol', rxcui: '519', measure: 'crcl',
    bands: [
      { below: 10, severity: 'warning', action: 'reduce-dose', maxDailyMg: 100, text: 'CrCl under 10: allopurinol not above 100 mg/day.' },
      { below: 20, severity: 'warning', action: 'reduce-dose', maxDailyMg: 200, text: 'CrCl 10-20: allopurinol 200 mg/day.' },
    ],
    source: LABEL('Zyloprim (allopurinol)', 'Dosage and Administration: renal impairment'),
  },
  ...RENAL_RULES_LABELS,
];
