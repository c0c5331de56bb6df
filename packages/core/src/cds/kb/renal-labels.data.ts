/**
 * More renal dosing from U.S. labels (section 2, "dosage in renal impairment"): anticoagulants and
 * antiarrhythmics, antivirals, antibiotics, gastric acid and allergy drugs, SGLT2 inhibitors.
 * The measure is the one each label uses (CrCl by Cockcroft-Gault, or eGFR).
 */
import type { z } from 'zod';
import type { RenalRuleSchema } from './schema.ts';
import { BEERS_2023, LABEL } from './citations.ts';

type Entry = z.input<typeof RenalRuleSchema>;

export const RENAL_RULES_LABELS: Entry[] = [
  {
    id: 'renal/dabigatran', rxcui: '1037042', measure: 'crcl',
    bands: [
      { below: 15, severity: 'critical', action: 'avoid', text: 'CrCl under 15 mL/min or on dialysis: dabigatran is not recommended (no dosing recommendation).' },
      { below: 30, severity: 'warning', action: 'reduce-dose', maxDailyMg: 150, text: 'Atrial fibrillation with CrCl 15-30: dabigatran 75 mg twice daily.' },
    ],
    source: LABEL('Pradaxa (dabigatran)', 'section 2.3: dosage in renal impairment'),
  },
  {
    id: 'renal/dofetilide', rxcui: '49247', measure: 'crcl',
    bands: [
      { below: 20, severity: 'critical', action: 'contraindicated', text: 'Dofetilide is contraindicated with CrCl under 20 mL/min (torsades de pointes).' },
      { below: 40, severity: 'warning', action: 'reduce-dose', maxDailyMg: 0.25, text: 'CrCl 20-40: dofetilide 125 mcg twice daily.' },
      { below: 60, severity: 'warning', action: 'reduce-dose', maxDailyMg: 0.5, text: 'CrCl 40-60: dofetilide 250 mcg twice daily.' },
    ],
    source: LABEL('Tikosyn (dofetilide)', 'section 2.2, Table 1: dose by creatinine clearance (actual body weight); section 4'),
  },
  {
    id: 'renal/sotalol', rxcui: '9947', measure: 'crcl',
    bands: [
      { below: 40, severity: 'critical', action: 'contraindicated', text: 'For atrial fibrillation sotalol is contraindicated with CrCl under 40 mL/min (Betapace AF); for ventricular arrhythmias the dosing interval must be extended.' },
      { below: 60, severity: 'warning', action: 'reduce-dose', text: 'CrCl 40-60: give sotalol once daily (every 24 hours) instead of twice daily.' },
    ],
    source: LABEL('Betapace / Betapace AF (sotalol)', 'section 2: dosing interval by creatinine clearance; section 4'),
  },
  {
    id: 'renal/famotidine', rxcui: '4278', measure: 'crcl',
    bands: [
      { below: 30, severity: 'warning', action: 'reduce-dose', maxDailyMg: 10, text: 'CrCl under 30: famotidine at most 10 mg once daily (GERD 20 mg every other day): CNS adverse reactions and QT prolongation reported.' },
      { below: 60, severity: 'warning', action: 'reduce-dose', maxDailyMg: 20, text: 'CrCl 30-60: famotidine at most 20 mg once daily.' },
    ],
    source: LABEL('Pepcid (famotidine)', 'section 2.2, Table 2: dosage in renal impairment'),
  },
  {
    id: 'renal/valacyclovir', rxcui: '73645', measure: 'crcl',
    bands: [
      { below: 10, severity: 'warning', action: 'reduce-dose', maxDailyMg: 500, text: 'Herpes zoster with CrCl under 10: valacyclovir 500 mg every 24 hours.' },
      { below: 30, severity: 'warning', action: 'reduce-dose', maxDailyMg: 1000, text: 'Herpes zoster with CrCl 10-29: valacyclovir 1 g every 24 hours.' },
      { below: 50, severity: 'warning', action: 'reduce-dose', maxDailyMg: 2000, text: 'Herpes zoster with CrCl 30-49: valacyclovir 1 g every 12 hours (neurotoxicity at higher exposure).' },
    ],
    source: LABEL('Valtrex (valacyclovir)', 'section 2.4, Table 3: patients with renal impairment'),
  },
  {
    id: 'renal/acyclovir', rxcui: '281', measure: 'crcl',
    bands: [
      { below: 10, severity: 'warning', action: 'reduce-dose', maxDailyMg: 1600, text: 'Herpes zoster with CrCl under 10: acyclovir 800 mg every 12 hours.' },
      { below: 25, severity: 'warning', action: 'reduce-dose', maxDailyMg: 2400, text: 'Herpes zoster with CrCl 10-25: acyclovir 800 mg every 8 hours.' },
    ],
    source: LABEL('Zovirax (acyclovir)', 'Dosage and Administration: patients with acute or chronic renal impairment'),
  },
  {
    id: 'renal/levofloxacin', rxcui: '82122', measure: 'crcl',
    bands: [
      { below: 20, severity: 'warning', action: 'reduce-dose', maxDailyMg: 375, text: 'CrCl 10-19: levofloxacin 750 mg, then 500 mg every 48 hours.' },
      { below: 50, severity: 'warning', action: 'reduce-dose', maxDailyMg: 375, text: 'CrCl 20-49: levofloxacin 750 mg every 48 hours (or 500 mg, then 250 mg every 24 hours).' },
    ],
    source: LABEL('Levaquin (levofloxacin)', 'section 2.3, Table 2: dosage in adult patients with renal impairment'),
  },
  {
    id: 'renal/memantine', rxcui: '6719', measure: 'crcl',
    bands: [{ below: 30, severity: 'warning', action: 'reduce-dose', maxDailyMg: 10, text: 'CrCl 5-29: memantine target 5 mg twice daily.' }],
    source: LABEL('Namenda (memantine)', 'section 2.3: dosing in patients with renal impairment'),
  },
  {
    id: 'renal/oseltamivir', rxcui: '260101', measure: 'crcl',
    bands: [
      { below: 10, severity: 'warning', action: 'avoid', text: 'CrCl under 10 and not on dialysis: oseltamivir is not recommended.' },
      { below: 30, severity: 'warning', action: 'reduce-dose', maxDailyMg: 30, text: 'CrCl 10-30: oseltamivir 30 mg once daily for treatment.' },
      { below: 60, severity: 'warning', action: 'reduce-dose', maxDailyMg: 60, text: 'CrCl 30-60: oseltamivir 30 mg twice daily for treatment.' },
    ],
    source: LABEL('Tamiflu (oseltamivir)', 'section 2.4: dosage in patients with renal impairment'),
  },
  {
    id: 'renal/levocetirizine', rxcui: '356887', measure: 'crcl',
    bands: [
      { below: 10, severity: 'critical', action: 'contraindicated', text: 'Levocetirizine is contraindicated with CrCl under 10 mL/min or on dialysis.' },
      { below: 30, severity: 'warning', action: 'reduce-dose', maxDailyMg: 1.25, text: 'CrCl 10-29: levocetirizine 2.5 mg twice weekly.' },
      { below: 50, severity: 'warning', action: 'reduce-dose', maxDailyMg: 1.25, text: 'CrCl 30-49: levocetirizine 2.5 mg every other day.' },
      { below: 80, severity: 'warning', action: 'reduce-dose', maxDailyMg: 2.5, text: 'CrCl 50-80: levocetirizine 2.5 mg once daily.' },
    ],
    source: LABEL('Xyzal (levocetirizine)', 'section 2.3 and section 4: renal impairment'),
  },
  {
    id: 'renal/cetirizine', rxcui: '20610', measure: 'crcl',
    bands: [{ below: 31, severity: 'warning', action: 'reduce-dose', maxDailyMg: 5, text: 'CrCl 11-31 (and on dialysis): cetirizine 5 mg once daily.' }],
    source: LABEL('Zyrtec (cetirizine)', 'Dosage and Administration: renal impairment'),
  },
  {
    id: 'renal/topiramate', rxcui: '38404', measure: 'crcl',
    bands: [{ below: 70, severity: 'warning', action: 'reduce-dose', text: 'CrCl under 70: give half the usual topiramate dose.' }],
    source: LABEL('Topamax (topiramate)', 'section 2.5: dosing in patients with renal impairment'),
  },
  {
    id: 'renal/colchicine', rxcui: '2683', measure: 'crcl',
    bands: [{ below: 30, severity: 'warning', action: 'reduce-dose', text: 'CrCl under 30: colchicine prophylaxis starts at 0.3 mg/day; a gout-flare course is not repeated within 2 weeks.' }],
    source: LABEL('Colcrys (colchicine)', 'section 2.5: patients with renal impairment'),
  },
  {
    id: 'renal/baclofen', rxcui: '1292', measure: 'crcl', bodyWeight: 'ideal-or-adjusted',
    bands: [{ below: 60, severity: 'warning', action: 'avoid', text: 'Avoid baclofen with CrCl under 60 mL/min: encephalopathy from accumulation (Beers 2023).' }],
    source: BEERS_2023,
  },
  {
    id: 'renal/canagliflozin', rxcui: '1373458', measure: 'egfr',
    bands: [
      { below: 30, severity: 'warning', action: 'avoid', text: 'eGFR under 30: starting canagliflozin is not recommended.' },
      { below: 60, severity: 'warning', action: 'reduce-dose', maxDailyMg: 100, text: 'eGFR 30-59: canagliflozin 100 mg once daily.' },
    ],
    source: LABEL('Invokana (canagliflozin)', 'section 2.2: patients with renal impairment'),
  },
  {
    id: 'renal/dapagliflozin', rxcui: '1488564', measure: 'egfr',
    bands: [{ below: 25, severity: 'warning', action: 'avoid', text: 'eGFR under 25: starting dapagliflozin is not recommended.' }],
    source: LABEL('Farxiga (dapagliflozin)', 'section 2.2: patients with renal impairment'),
  },
  {
    id: 'renal/empagliflozin', rxcui: '1545653', measure: 'egfr',
    bands: [{ below: 20, severity: 'warning', action: 'avoid', text: 'eGFR under 20: starting empagliflozin is not recommended (glycaemic benefit needs eGFR 30 or more).' }],
    source: LABEL('Jardiance (empagliflozin)', 'section 2.2: patients with renal impairment'),
  },
];
