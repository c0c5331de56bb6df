/**
 * Metabolic (CYP3A4, CYP1A2) and P-glycoprotein interactions a pharmacist expects: statins,
 * immunosuppressants, sedatives, opioids and digoxin with inhibitors; loss of effect with inducers.
 * Grades and severity mapping: interactions-sources.data.ts.
 */
import { LABEL } from './citations.ts';
import { WIGGINS_2016, cls, major, moderate, rx, type InteractionEntry } from './interactions-sources.data.ts';

const STRONG_3A4 = cls('strong CYP3A4 inhibitors', 'cyp3a4-inhibitor-strong');
const INDUCERS = rx('rifampin, rifabutin, carbamazepine, phenytoin, phenobarbital, St John\'s wort', '9384', '55672', '2002', '8183', '8134', '258326');
const CNI = rx('tacrolimus, cyclosporine, sirolimus, everolimus', '42316', '3008', '35302', '141704');

export const CYP_INTERACTIONS: InteractionEntry[] = [
  major({
    id: 'ddi/label/atorvastatin--strong-cyp3a4', object: rx('atorvastatin', '83367'),
    precipitant: rx('itraconazole, ketoconazole, posaconazole, voriconazole, telithromycin, ritonavir, nelfinavir, saquinavir, lopinavir', '28031', '6135', '282446', '121243', '274786', '85762', '134527', '83395', '195088'),
    effect: 'atorvastatin exposure rises: myopathy, rhabdomyolysis',
    management: 'Hold the statin during a short course, or limit atorvastatin to 20 mg; pravastatin or rosuvastatin are alternatives.',
    source: WIGGINS_2016,
    alternatives: [{ rxcui: '42463', name: 'pravastatin' }, { rxcui: '301542', name: 'rosuvastatin' }], alternativesReplace: 'object',
  }),
  major({
    id: 'ddi/label/statin--cyclosporine', object: cls('statins', 'statin'), precipitant: rx('cyclosporine', '3008'),
    effect: 'statin exposure rises several-fold (OATP1B1/CYP3A4 inhibition): myopathy',
    management: 'Simvastatin, lovastatin, pitavastatin: contraindicated; atorvastatin: avoid (at most 10 mg if unavoidable); rosuvastatin at most 5 mg, pravastatin at most 20 mg; watch for muscle symptoms.',
    source: WIGGINS_2016,
  }),
  major({
    id: 'ddi/label/immunosuppressant--strong-cyp3a4', object: CNI, precipitant: STRONG_3A4,
    effect: 'immunosuppressant levels rise: nephrotoxicity, neurotoxicity',
    management: 'Avoid if possible; otherwise reduce the dose (often by half or more) and measure trough levels within 3 days.',
    source: LABEL('Prograf (tacrolimus)', 'section 7, strong CYP3A inhibitors'),
  }),
  moderate({
    id: 'ddi/label/immunosuppressant--moderate-cyp3a4', object: CNI,
    precipitant: rx('fluconazole, erythromycin, diltiazem, verapamil', '4450', '4053', '3443', '11170'),
    effect: 'immunosuppressant levels rise',
    management: 'Measure trough levels within 3-5 days and adjust the dose.',
    source: LABEL('Prograf (tacrolimus)', 'section 7, moderate CYP3A inhibitors'),
  }),
  major({
    id: 'ddi/label/immunosuppressant--inducer', object: CNI, precipitant: INDUCERS,
    effect: 'immunosuppressant levels fall: rejection',
    management: 'Avoid if possible; otherwise raise the dose guided by trough levels, and again when the inducer stops.',
    source: LABEL('Prograf (tacrolimus)', 'section 7, strong CYP3A inducers'),
  }),
  major({
    id: 'ddi/label/benzodiazepine--strong-cyp3a4', object: rx('triazolam, midazolam, alprazolam', '10767', '6960', '596'), precipitant: STRONG_3A4,
    effect: 'benzodiazepine exposure rises many-fold: prolonged sedation, respiratory depression',
    management: 'Triazolam and alprazolam with ketoconazole or itraconazole are contraindicated; choose lorazepam or temazepam (not CYP3A4).',
    source: LABEL('Halcion (triazolam) / Xanax (alprazolam)', 'section 4, Contraindications (strong CYP3A inhibitors)'),
    alternatives: [{ rxcui: '6470', name: 'lorazepam' }], alternativesReplace: 'object',
  }),
  major({
    id: 'ddi/label/opioid--strong-cyp3a4', object: rx('fentanyl, oxycodone, hydrocodone', '4337', '7804', '5489'), precipitant: STRONG_3A4,
    effect: 'opioid exposure rises: fatal respiratory depression (boxed warning)',
    management: 'Avoid; if needed, use a lower opioid dose, monitor sedation and breathing, and re-titrate when the inhibitor stops.',
    source: LABEL('Duragesic (fentanyl) / OxyContin (oxycodone)', 'boxed warning: interactions with CYP3A4 inhibitors'),
  }),
  major({
    id: 'ddi/label/quetiapine--strong-cyp3a4', object: rx('quetiapine', '51272'), precipitant: STRONG_3A4,
    effect: 'quetiapine exposure rises about six-fold: sedation, hypotension',
    management: 'Reduce quetiapine to one sixth of the dose; restore it when the inhibitor stops.',
    source: LABEL('Seroquel (quetiapine)', 'section 2 and 7.1, strong CYP3A4 inhibitors'),
  }),
  major({
    id: 'ddi/label/carbamazepine--macrolide', object: rx('carbamazepine', '2002'), precipitant: rx('clarithromycin, erythromycin, telithromycin', '21212', '4053', '274786'),
    effect: 'carbamazepine levels rise: ataxia, diplopia, toxicity',
    management: 'Use azithromycin or another antibiotic; otherwise measure carbamazepine levels within a few days.',
    source: LABEL('Tegretol (carbamazepine)', 'section 7, CYP3A4 inhibitors'),
    alternatives: [{ rxcui: '18631', name: 'azithromycin' }],
  }),
  major({
    id: 'ddi/label/digoxin--pgp-inhibitor', object: rx('digoxin', '3407'),
    precipitant: rx('dronedarone, propafenone, quinidine, itraconazole, erythromycin, ritonavir', '233698', '8754', '9068', '28031', '4053', '85762'),
    effect: 'digoxin levels rise (P-gp inhibition): toxicity, arrhythmia',
    management: 'Reduce digoxin by 30-50% (half with dronedarone) and measure the serum level within a week.',
    source: LABEL('Lanoxin (digoxin)', 'section 7.1, P-gp inhibitors that increase digoxin concentration'),
  }),
  major({
    id: 'ddi/label/colchicine--moderate-cyp3a4', object: rx('colchicine', '2683'),
    precipitant: rx('diltiazem, verapamil, erythromycin, fluconazole', '3443', '11170', '4053', '4450'),
    effect: 'colchicine toxicity: myopathy, neuropathy, cytopenias',
    management: 'Reduce the colchicine dose as the label directs (e.g. gout flare 1.2 mg once, not repeated for 3 days); avoid in renal or hepatic impairment.',
    source: LABEL('Colcrys (colchicine)', 'section 2.4 and 7, moderate CYP3A4 inhibitors'),
  }),
  major({
    id: 'ddi/label/pde5--strong-cyp3a4', object: cls('PDE5 inhibitors', 'pde5-inhibitor'), precipitant: STRONG_3A4,
    effect: 'PDE5 inhibitor exposure rises many-fold: hypotension, syncope',
    management: 'Limit sildenafil to 25 mg per 48 h, tadalafil to 10 mg per 72 h; for pulmonary hypertension doses, avoid.',
    source: LABEL('Viagra (sildenafil) / Cialis (tadalafil)', 'section 2 and 7, CYP3A4 inhibitors'),
  }),
  major({
    id: 'ddi/label/contraceptive--inducer', object: rx('ethinyl estradiol, norethindrone, levonorgestrel, desogestrel, etonogestrel', '4124', '7514', '6373', '22656', '14584'),
    precipitant: rx('rifampin, rifabutin, carbamazepine, oxcarbazepine, phenytoin, phenobarbital, St John\'s wort', '9384', '55672', '2002', '32624', '8183', '8134', '258326'),
    effect: 'contraceptive hormone levels fall: unintended pregnancy, breakthrough bleeding',
    management: 'Use a copper IUD, levonorgestrel IUD or medroxyprogesterone injection, or add a barrier method during and 28 days after the inducer.',
    source: LABEL('Combined oral contraceptives (ethinyl estradiol with a progestin)', 'section 7.1, drugs or herbal products that decrease the effectiveness of COCs (CYP3A4 inducers)'),
  }),
  major({
    id: 'ddi/label/clozapine--cyp1a2-inhibitor', object: rx('clozapine', '2626'), precipitant: rx('fluvoxamine, ciprofloxacin, enoxacin', '42355', '2551', '3925'),
    effect: 'clozapine levels rise several-fold: seizures, hypotension, sedation',
    management: 'Reduce clozapine to one third of the dose and measure levels; prefer an antibiotic that does not inhibit CYP1A2.',
    source: LABEL('Clozaril (clozapine)', 'section 2.6 and 7.1, strong CYP1A2 inhibitors'),
  }),
  major({
    id: 'ddi/label/theophylline--cyp1a2-inhibitor', object: rx('theophylline', '10438'), precipitant: rx('ciprofloxacin, enoxacin, fluvoxamine', '2551', '3925', '42355'),
    effect: 'theophylline levels rise: seizures, arrhythmia (fatal reactions reported)',
    management: 'Avoid; if used, reduce theophylline (to one third with fluvoxamine) and measure the serum level.',
    source: LABEL('Cipro (ciprofloxacin)', 'section 5 and 7, theophylline: serious and fatal reactions'),
  }),
  moderate({
    id: 'ddi/label/theophylline--other-inhibitor', object: rx('theophylline', '10438'), precipitant: rx('clarithromycin, erythromycin, cimetidine', '21212', '4053', '2541'),
    effect: 'theophylline levels rise',
    management: 'Measure the theophylline level after 2-3 days and reduce the dose if needed.',
    source: LABEL('Theophylline extended-release', 'section 7, drugs that increase theophylline concentrations'),
  }),
  moderate({
    id: 'ddi/label/theophylline--inducer', object: rx('theophylline', '10438'), precipitant: rx('rifampin, carbamazepine, phenytoin, phenobarbital', '9384', '2002', '8183', '8134'),
    effect: 'theophylline levels fall: loss of bronchodilation',
    management: 'Measure the theophylline level and increase the dose if needed; reduce it again when the inducer stops.',
    source: LABEL('Theophylline extended-release', 'section 7, drugs that decrease theophylline concentrations'),
  }),
];
