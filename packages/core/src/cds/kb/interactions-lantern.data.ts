/**
 * Drug-drug interactions beyond the ONC lists, from U.S. labels and FDA safety communications.
 * None is on the ONC high-priority list, so none is critical: warning when the label says avoid or
 * adjust, info when it only asks for monitoring. Class members come from the ingredient table.
 */
import type { z } from 'zod';
import type { InteractionSchema } from './schema.ts';
import { FDA_DSC_2016_OPIOID_BENZO, FDA_DSC_2019_GABAPENTINOIDS, LABEL } from './citations.ts';
import { ANTICOAGULANT_INTERACTIONS } from './interactions-anticoagulant.data.ts';
import { CARDIAC_RENAL_INTERACTIONS } from './interactions-cardiac-renal.data.ts';
import { CNS_INTERACTIONS } from './interactions-cns.data.ts';
import { CYP_INTERACTIONS } from './interactions-cyp.data.ts';

type Entry = z.input<typeof InteractionSchema>;
const cls = (label: string, ...classes: string[]) => ({ label, classes });
const rx = (label: string, ...rxcuis: string[]) => ({ label, rxcuis });

const CORE_INTERACTIONS: Entry[] = [
  {
    id: 'ddi/label/warfarin--nsaid', origin: 'label', severity: 'warning',
    object: rx('warfarin', '11289'), precipitant: cls('NSAIDs', 'nsaid'),
    effect: 'bleeding risk rises (antiplatelet effect, GI injury)',
    management: 'Avoid if possible; if needed, use the lowest NSAID dose for the shortest time, add gastroprotection and monitor INR and for bleeding.',
    source: LABEL('Coumadin (warfarin)', 'section 7, Drug Interactions: drugs that increase bleeding risk (NSAIDs, antiplatelets)'),
    alternatives: [{ rxcui: '161', name: 'acetaminophen' }],
  },
  {
    id: 'ddi/label/warfarin--antiplatelet', origin: 'label', severity: 'warning',
    object: rx('warfarin', '11289'), precipitant: cls('antiplatelet agents', 'p2y12-inhibitor'),
    effect: 'bleeding risk rises', management: 'Confirm the combination is intended (e.g. recent stent); monitor for bleeding.',
    source: LABEL('Coumadin (warfarin)', 'section 7, Drug Interactions: drugs that increase bleeding risk'),
  },
  {
    id: 'ddi/label/warfarin--ssri-snri', origin: 'label', severity: 'info',
    object: rx('warfarin', '11289'), precipitant: cls('SSRIs and SNRIs', 'ssri', 'snri'),
    effect: 'bleeding risk rises', management: 'Monitor INR and for bleeding when starting or stopping.',
    source: LABEL('Coumadin (warfarin)', 'section 7, Drug Interactions: drugs that increase bleeding risk'),
  },
  {
    id: 'ddi/label/warfarin--cyp2c9-inhibitors', origin: 'label', severity: 'warning',
    object: rx('warfarin', '11289'), precipitant: rx('fluconazole, metronidazole, sulfamethoxazole, amiodarone', '4450', '6922', '10180', '703'),
    effect: 'INR rises (warfarin metabolism inhibited): bleeding', management: 'Consider an alternative; otherwise reduce the warfarin dose and check INR within 3-5 days.',
    source: LABEL('Coumadin (warfarin)', 'section 7.1, CYP450 interactions (CYP2C9 inhibitors)'),
  },
  {
    id: 'ddi/label/doac--nsaid-antiplatelet', origin: 'label', severity: 'warning',
    object: cls('direct oral anticoagulants', 'doac'), precipitant: cls('NSAIDs and P2Y12 inhibitors', 'nsaid', 'p2y12-inhibitor'),
    effect: 'bleeding risk rises', management: 'Avoid chronic NSAIDs; confirm antiplatelet co-therapy is intended; monitor for bleeding.',
    source: LABEL('Eliquis (apixaban) / Xarelto (rivaroxaban)', 'section 7, Drug Interactions: anticoagulants, antiplatelets and NSAIDs'),
  },
  {
    id: 'ddi/label/clopidogrel--omeprazole', origin: 'label', severity: 'warning',
    object: rx('clopidogrel', '32968'), precipitant: rx('omeprazole, esomeprazole', '7646', '283742'),
    effect: 'less clopidogrel active metabolite (CYP2C19 inhibition)', management: 'Avoid; if a PPI is needed use pantoprazole.',
    source: LABEL('Plavix (clopidogrel)', 'section 7.1, CYP2C19 inhibitors: avoid omeprazole or esomeprazole'),
    alternatives: [{ rxcui: '40790', name: 'pantoprazole' }],
  },
  {
    id: 'ddi/fda/opioid--benzodiazepine', origin: 'label', severity: 'warning',
    object: cls('opioids', 'opioid'), precipitant: cls('benzodiazepines and Z-drugs', 'benzodiazepine', 'z-drug'),
    effect: 'profound sedation, respiratory depression, death', management: 'Boxed warning: co-prescribe only when alternatives are inadequate, at the lowest doses, with naloxone and monitoring.',
    source: FDA_DSC_2016_OPIOID_BENZO,
  },
  {
    id: 'ddi/fda/opioid--gabapentinoid', origin: 'label', severity: 'warning',
    object: cls('opioids', 'opioid'), precipitant: cls('gabapentin, pregabalin', 'gabapentinoid'),
    effect: 'respiratory depression', management: 'Start the gabapentinoid low and monitor for sedation and breathing, especially in the elderly or with lung disease.',
    source: FDA_DSC_2019_GABAPENTINOIDS,
  },
  {
    id: 'ddi/label/serotonergic--tramadol', origin: 'label', severity: 'warning',
    object: rx('tramadol', '10689'), precipitant: cls('SSRIs, SNRIs, TCAs', 'ssri', 'snri', 'tca'),
    effect: 'serotonin syndrome; seizure threshold lowered', management: 'Use another analgesic if possible; otherwise monitor for serotonin syndrome.',
    source: LABEL('Ultram (tramadol)', 'section 5, Warnings and Precautions: serotonin syndrome risk; section 7 Drug Interactions'),
  },
  {
    id: 'ddi/label/linezolid--serotonergic', origin: 'label', severity: 'warning',
    object: rx('linezolid', '190376'), precipitant: cls('serotonergic drugs', 'ssri', 'snri', 'tca'),
    effect: 'serotonin syndrome (linezolid is a reversible MAO inhibitor)', management: 'Avoid unless linezolid is essential; then stop the serotonergic drug or monitor closely.',
    source: LABEL('Zyvox (linezolid)', 'section 5, Warnings and Precautions: serotonin syndrome'),
  },
  {
    id: 'ddi/label/triptan--ssri-snri', origin: 'label', severity: 'info',
    object: cls('triptans', 'triptan'), precipitant: cls('SSRIs and SNRIs', 'ssri', 'snri'),
    effect: 'serotonin syndrome (rare)', management: 'Usually continued; counsel the patient on symptoms of serotonin syndrome.',
    source: LABEL('Imitrex (sumatriptan)', 'section 5, Warnings and Precautions: serotonin syndrome'),
  },
  {
    id: 'ddi/label/simvastatin--amlodipine', origin: 'label', severity: 'warning',
    object: rx('simvastatin', '36567'), precipitant: rx('amlodipine', '17767'),
    effect: 'simvastatin exposure rises: myopathy', management: 'Do not exceed simvastatin 20 mg daily with amlodipine.',
    source: LABEL('Zocor (simvastatin)', 'section 2.4 and section 7: dose limit 20 mg/day with amlodipine'),
  },
  {
    id: 'ddi/label/statin--gemfibrozil', origin: 'label', severity: 'warning',
    object: cls('statins', 'statin'), precipitant: rx('gemfibrozil', '4719'),
    effect: 'myopathy and rhabdomyolysis', management: 'Avoid (contraindicated with simvastatin and lovastatin); prefer fenofibrate if a fibrate is needed.',
    source: LABEL('Zocor (simvastatin)', 'section 4, Contraindications: gemfibrozil'),
    alternatives: [{ rxcui: '8703', name: 'fenofibrate' }],
  },
  {
    id: 'ddi/label/atorvastatin--clarithromycin', origin: 'label', severity: 'warning',
    object: rx('atorvastatin', '83367'), precipitant: rx('clarithromycin', '21212'),
    effect: 'atorvastatin exposure rises: myopathy', management: 'Do not exceed atorvastatin 20 mg daily during clarithromycin.',
    source: LABEL('Lipitor (atorvastatin)', 'section 2.5 and 7: clarithromycin limits the dose to 20 mg'),
  },
  {
    id: 'ddi/label/colchicine--strong-cyp3a4-pgp', origin: 'label', severity: 'warning',
    object: rx('colchicine', '2683'), precipitant: rx('clarithromycin, ketoconazole, itraconazole, ritonavir, cyclosporine', '21212', '6135', '28031', '85762', '3008'),
    effect: 'fatal colchicine toxicity', management: 'Reduce the colchicine dose per label or avoid (contraindicated with renal or hepatic impairment).',
    source: LABEL('Colcrys (colchicine)', 'section 2.4 and 7: strong CYP3A4 and P-gp inhibitors'),
  },
  {
    id: 'ddi/label/methotrexate--trimethoprim', origin: 'label', severity: 'warning',
    object: rx('methotrexate', '6851'), precipitant: rx('trimethoprim, sulfamethoxazole', '10829', '10180'),
    effect: 'bone-marrow suppression (additive antifolate)', management: 'Avoid; choose another antibiotic.',
    source: LABEL('methotrexate', 'section 7, Drug Interactions: trimethoprim/sulfamethoxazole'),
  },
  {
    id: 'ddi/label/lithium--raas-thiazide-nsaid', origin: 'label', severity: 'warning',
    object: rx('lithium', '6448'), precipitant: cls('ACE inhibitors, ARBs, thiazides, NSAIDs', 'ace-inhibitor', 'arb', 'thiazide', 'nsaid'),
    effect: 'lithium levels rise: toxicity', management: 'Check lithium levels within 5-7 days and adjust the dose.',
    source: LABEL('lithium', 'section 7, Drug Interactions: ACE inhibitors, ARBs, diuretics, NSAIDs'),
  },
  {
    id: 'ddi/label/digoxin--amiodarone-verapamil-clarithromycin', origin: 'label', severity: 'warning',
    object: rx('digoxin', '3407'), precipitant: rx('amiodarone, verapamil, clarithromycin', '703', '11170', '21212'),
    effect: 'digoxin levels rise: toxicity', management: 'Reduce the digoxin dose (by 30-50% with amiodarone) and monitor levels.',
    source: LABEL('Lanoxin (digoxin)', 'section 7.1: P-gp inhibitors raise digoxin concentrations'),
  },
  {
    id: 'ddi/label/raas--potassium-sparing', origin: 'label', severity: 'warning',
    object: cls('ACE inhibitors and ARBs', 'ace-inhibitor', 'arb'), precipitant: cls('potassium-sparing diuretics and potassium', 'k-sparing-diuretic', 'potassium-supplement'),
    effect: 'hyperkalemia', management: 'Check potassium and creatinine within 1 week and periodically.',
    source: LABEL('Zestril (lisinopril)', 'section 7, Drug Interactions: potassium-sparing diuretics, potassium supplements'),
  },
  {
    id: 'ddi/label/pde5--nitrate', origin: 'label', severity: 'warning',
    object: cls('PDE5 inhibitors', 'pde5-inhibitor'), precipitant: cls('nitrates', 'nitrate'),
    effect: 'severe hypotension', management: 'Contraindicated by label: do not co-prescribe.',
    source: LABEL('Viagra (sildenafil)', 'section 4, Contraindications: nitrates'),
  },
  {
    id: 'ddi/label/beta-blocker--nondihydropyridine-ccb', origin: 'label', severity: 'warning',
    object: cls('beta blockers', 'beta-blocker'), precipitant: cls('verapamil, diltiazem', 'ccb-nondihydropyridine'),
    effect: 'bradycardia, AV block, heart failure', management: 'Avoid in conduction disease or heart failure; monitor heart rate and ECG.',
    source: LABEL('Calan (verapamil)', 'section 7, Drug Interactions: beta-adrenergic blockers'),
  },
  {
    id: 'ddi/label/allopurinol--thiopurine', origin: 'label', severity: 'warning',
    object: rx('azathioprine, mercaptopurine', '1256', '103'), precipitant: rx('allopurinol', '519'),
    effect: 'thiopurine toxicity: bone-marrow suppression', management: 'Reduce azathioprine or mercaptopurine to one-third to one-quarter of the usual dose.',
    source: LABEL('Imuran (azathioprine)', 'section 7, Drug Interactions: allopurinol'),
  },
  {
    id: 'ddi/label/atazanavir--h2ra', origin: 'label', severity: 'info',
    object: rx('atazanavir', '343047'), precipitant: cls('H2-receptor antagonists', 'h2ra'),
    effect: 'atazanavir absorption falls unless doses are separated', management: 'Give atazanavir with ritonavir, at the same time as or at least 10 hours after the H2RA, within the label\'s H2RA dose limits.',
    source: LABEL('Reyataz (atazanavir)', 'section 2 (dosing with H2-receptor antagonists) and section 7'),
  },
  {
    id: 'ddi/label/fluoroquinolone--cations', origin: 'label', severity: 'info',
    object: cls('fluoroquinolones', 'fluoroquinolone'), precipitant: cls('antacids, calcium, iron, zinc', 'antacid', 'calcium-salt', 'iron-salt', 'zinc-salt'),
    effect: 'fluoroquinolone absorption falls', management: 'Give the fluoroquinolone 2 hours before or 6 hours after the cation.',
    source: LABEL('Cipro (ciprofloxacin)', 'section 2 and 7: multivalent cation-containing products'),
  },
];

/** Every interaction beyond the ONC lists: the core table above and the pharmacist tables. */
export const LANTERN_INTERACTIONS: Entry[] = [
  ...CORE_INTERACTIONS, ...ANTICOAGULANT_INTERACTIONS, ...CYP_INTERACTIONS, ...CARDIAC_RENAL_INTERACTIONS, ...CNS_INTERACTIONS,
];
