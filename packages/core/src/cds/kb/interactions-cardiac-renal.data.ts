/**
 * QT, conduction, blood pressure, potassium and renal-clearance interactions a pharmacist expects.
 * QT pairs between two CredibleMeds "known risk" drugs are ONC high-priority (critical, in
 * interactions-onc); the pairs here add drugs whose own label warns against combining them with
 * QT-prolonging drugs. Grades and severity mapping: interactions-sources.data.ts.
 */
import { LABEL } from './citations.ts';
import {
  ANTONIOU_2015, FRALICK_2014, GANDHI_2013, JUURLINK_2003, RAY_2004, cls, major, moderate, rx, type InteractionEntry,
} from './interactions-sources.data.ts';

const QT_KNOWN = cls('QT-prolonging drugs (CredibleMeds known risk)', 'qt-known-risk');
const qt = (id: string, name: string, rxcui: string, label: string, section: string): InteractionEntry => major({
  id: `ddi/label/${id}--qt-known-risk`, object: rx(name, rxcui), precipitant: QT_KNOWN,
  effect: 'additive QT prolongation: torsades de pointes',
  management: 'Avoid the combination; if both are needed, get a baseline ECG, keep potassium and magnesium normal and repeat the ECG.',
  source: LABEL(label, section),
});

export const CARDIAC_RENAL_INTERACTIONS: InteractionEntry[] = [
  qt('quetiapine', 'quetiapine', '51272', 'Seroquel (quetiapine)', 'section 5, QT prolongation: avoid with drugs that increase the QT interval'),
  qt('ziprasidone', 'ziprasidone', '115698', 'Geodon (ziprasidone)', 'section 4, Contraindications: other QT-prolonging drugs'),
  qt('hydroxychloroquine', 'hydroxychloroquine', '5521', 'Plaquenil (hydroxychloroquine)', 'section 5, cardiomyopathy and QT prolongation; section 7'),
  qt('trazodone', 'trazodone', '10737', 'Desyrel (trazodone)', 'section 5, QT prolongation: avoid with drugs that prolong QT'),
  major({
    id: 'ddi/label/dofetilide--contraindicated', object: rx('dofetilide', '49247'),
    precipitant: rx('verapamil, cimetidine, trimethoprim, ketoconazole, prochlorperazine, megestrol, dolutegravir, hydrochlorothiazide', '11170', '2541', '10829', '6135', '8704', '6703', '1433868', '5487'),
    effect: 'dofetilide levels rise (renal cation transport or CYP3A4 inhibition): torsades',
    management: 'Contraindicated in the dofetilide label: stop one of the two (e.g. a different diuretic, antacid or antibiotic).',
    source: LABEL('Tikosyn (dofetilide)', 'section 4, Contraindications'),
  }),
  major({
    id: 'ddi/label/ccb--clarithromycin-erythromycin', object: cls('dihydropyridine calcium-channel blockers', 'ccb-dihydropyridine'),
    precipitant: rx('clarithromycin, erythromycin', '21212', '4053'),
    effect: 'hypotension and acute kidney injury (CYP3A4 inhibition), most in older adults',
    management: 'Prefer azithromycin; otherwise hold or reduce the calcium-channel blocker and check blood pressure.',
    source: GANDHI_2013,
    alternatives: [{ rxcui: '18631', name: 'azithromycin' }],
  }),
  major({
    id: 'ddi/label/erythromycin--cyp3a4-inhibitor', object: rx('erythromycin', '4053'),
    precipitant: rx('diltiazem, verapamil, ketoconazole, itraconazole', '3443', '11170', '6135', '28031'),
    effect: 'erythromycin levels rise: sudden cardiac death five times more likely',
    management: 'Avoid: use azithromycin or another antibiotic class.',
    source: RAY_2004,
    alternatives: [{ rxcui: '18631', name: 'azithromycin' }], alternativesReplace: 'object',
  }),
  major({
    id: 'ddi/label/potassium-sparing--potassium', object: cls('potassium-sparing diuretics', 'k-sparing-diuretic'),
    precipitant: cls('potassium supplements', 'potassium-supplement'),
    effect: 'hyperkalemia',
    management: 'Avoid potassium supplements unless hypokalemia is documented; check potassium within 3 days and weekly.',
    source: LABEL('Aldactone (spironolactone) / Inspra (eplerenone)', 'section 4 and 7, potassium supplements'),
  }),
  major({
    id: 'ddi/label/trimethoprim--raas', object: cls('ACE inhibitors and ARBs', 'ace-inhibitor', 'arb'), precipitant: rx('trimethoprim', '10829'),
    effect: 'hyperkalemia and sudden death (trimethoprim blocks renal potassium excretion)',
    management: 'Prefer another antibiotic (e.g. nitrofurantoin for cystitis); if used, check potassium within 3 days.',
    source: FRALICK_2014,
  }),
  major({
    id: 'ddi/label/trimethoprim--mra', object: rx('spironolactone, eplerenone', '9997', '298869'), precipitant: rx('trimethoprim', '10829'),
    effect: 'hyperkalemia and sudden death',
    management: 'Avoid; choose another antibiotic, or check potassium within 3 days.',
    source: ANTONIOU_2015,
  }),
  moderate({
    id: 'ddi/label/lithium--loop-diuretic', object: rx('lithium', '6448'), precipitant: cls('loop diuretics', 'loop-diuretic'),
    effect: 'lithium levels may rise (sodium loss)',
    management: 'Measure the lithium level within a week of starting or changing the diuretic.',
    source: LABEL('Lithium', 'section 7, diuretics'),
  }),
  moderate({
    id: 'ddi/label/lithium--metronidazole', object: rx('lithium', '6448'), precipitant: rx('metronidazole', '6922'),
    effect: 'lithium levels rise: toxicity',
    management: 'Measure the lithium level during the course.',
    source: LABEL('Lithium', 'section 7, metronidazole'),
  }),
  major({
    id: 'ddi/label/methotrexate--nsaid', object: rx('methotrexate', '6851'), precipitant: cls('NSAIDs', 'nsaid'),
    effect: 'methotrexate clearance falls: marrow suppression, GI and renal toxicity',
    management: 'Avoid with antineoplastic doses; with weekly low-dose methotrexate, monitor blood counts and creatinine.',
    source: LABEL('Methotrexate', 'boxed warning and section 7, NSAIDs'),
  }),
  moderate({
    id: 'ddi/label/methotrexate--ppi', object: rx('methotrexate', '6851'), precipitant: cls('proton pump inhibitors', 'ppi'),
    effect: 'methotrexate levels may rise (mainly high doses)',
    management: 'With high-dose methotrexate, hold the PPI or use an H2 blocker; low weekly doses: monitor.',
    source: LABEL('Methotrexate', 'section 7, proton pump inhibitors'),
  }),
  moderate({
    id: 'ddi/label/methotrexate--penicillin', object: rx('methotrexate', '6851'), precipitant: cls('penicillins', 'penicillin'),
    effect: 'methotrexate clearance falls',
    management: 'Monitor blood counts during the course.',
    source: LABEL('Methotrexate', 'section 7, penicillins'),
  }),
  major({
    id: 'ddi/label/sulfonylurea--co-trimoxazole', object: cls('sulfonylureas', 'sulfonylurea'), precipitant: rx('sulfamethoxazole (in TMP-SMX)', '10180'),
    effect: 'hypoglycemia (CYP2C9 inhibition): hospital admissions in older adults',
    management: 'Prefer another antibiotic; otherwise check glucose more often and consider a lower sulfonylurea dose.',
    source: JUURLINK_2003,
  }),
  moderate({
    id: 'ddi/label/sulfonylurea--fluconazole', object: cls('sulfonylureas', 'sulfonylurea'), precipitant: rx('fluconazole', '4450'),
    effect: 'hypoglycemia (CYP2C9 inhibition)',
    management: 'Check glucose more often during the course.',
    source: LABEL('Diflucan (fluconazole)', 'section 7, oral hypoglycemics'),
  }),
];
