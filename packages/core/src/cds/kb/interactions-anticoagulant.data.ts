/**
 * Bleeding and loss-of-effect interactions of anticoagulants and antiplatelets that a pharmacist
 * expects to be flagged (beyond the ONC lists and interactions-lantern). Grades and severity
 * mapping: interactions-sources.data.ts.
 */
import { LABEL } from './citations.ts';
import {
  HOLBROOK_2005, SCHELLEMAN_2008, cls, major, moderate, rx, type InteractionEntry,
} from './interactions-sources.data.ts';

const WARFARIN = rx('warfarin', '11289');
const COUMADIN_7 = (what: string) => LABEL('Coumadin (warfarin)', `section 7, Drug Interactions: ${what}`);
const INDUCERS = rx('rifampin, rifabutin, rifapentine, carbamazepine, phenytoin, phenobarbital, St John\'s wort', '9384', '55672', '35617', '2002', '8183', '8134', '258326');

export const ANTICOAGULANT_INTERACTIONS: InteractionEntry[] = [
  major({
    id: 'ddi/label/warfarin--macrolide', object: WARFARIN, precipitant: cls('macrolide antibiotics', 'macrolide'),
    effect: 'INR rises (CYP3A4 inhibition, less vitamin K from gut flora): bleeding',
    management: 'Prefer a non-interacting antibiotic (e.g. amoxicillin, doxycycline with monitoring); if used, check INR within 3-5 days of starting and after stopping.',
    source: HOLBROOK_2005,
  }),
  major({
    id: 'ddi/label/warfarin--azole-antifungal', object: WARFARIN,
    precipitant: rx('itraconazole, ketoconazole, voriconazole, posaconazole, miconazole (including oral gel)', '28031', '6135', '121243', '282446', '6932'),
    effect: 'INR rises markedly (CYP2C9/3A4 inhibition): bleeding',
    management: 'Avoid if possible (a topical or non-azole antifungal); otherwise reduce the warfarin dose and check INR within 3-5 days and weekly during the course.',
    source: SCHELLEMAN_2008,
  }),
  major({
    id: 'ddi/label/warfarin--fluoroquinolone', object: WARFARIN, precipitant: cls('fluoroquinolones', 'fluoroquinolone'),
    effect: 'INR rises (reduced warfarin clearance, gut flora): bleeding',
    management: 'Check INR within 3-5 days of starting; prefer an antibiotic with less effect on INR when one is suitable.',
    source: SCHELLEMAN_2008,
  }),
  major({
    id: 'ddi/label/warfarin--fluvoxamine-fluoxetine', object: WARFARIN, precipitant: rx('fluvoxamine, fluoxetine', '42355', '4493'),
    effect: 'INR rises (CYP2C9 inhibition) on top of the SSRI bleeding risk',
    management: 'Prefer sertraline or citalopram; if used, check INR weekly for the first month and watch for bleeding.',
    source: HOLBROOK_2005,
  }),
  major({
    id: 'ddi/label/warfarin--cyp-inducer', object: WARFARIN, precipitant: INDUCERS,
    effect: 'INR falls (warfarin metabolism induced): clotting, stroke',
    management: 'Expect to need a higher warfarin dose; check INR weekly while starting and for 2-4 weeks after stopping the inducer (then reduce the dose back).',
    source: COUMADIN_7('CYP450 inducers (section 7.1)'),
  }),
  major({
    id: 'ddi/label/warfarin--tamoxifen', object: WARFARIN, precipitant: rx('tamoxifen', '10324'),
    effect: 'INR rises markedly: bleeding',
    management: 'Contraindicated when tamoxifen is for risk reduction or DCIS; otherwise reduce warfarin and check INR closely.',
    source: LABEL('Tamoxifen', 'section 4, Contraindications (coumarin-type anticoagulants) and section 7'),
  }),
  major({
    id: 'ddi/label/warfarin--fluoropyrimidine', object: WARFARIN, precipitant: rx('capecitabine, fluorouracil', '194000', '4492'),
    effect: 'INR rises, bleeding and death reported (boxed warning)',
    management: 'Check INR at least weekly during and for a month after the course, and adjust the warfarin dose; consider a LMWH instead.',
    source: LABEL('Xeloda (capecitabine)', 'boxed warning and section 5, Warfarin interaction'),
  }),
  major({
    id: 'ddi/label/warfarin--fibrate', object: WARFARIN, precipitant: rx('fenofibrate, gemfibrozil', '8703', '4719'),
    effect: 'INR rises: bleeding',
    management: 'Reduce the warfarin dose (by about a third when starting) and check INR within a week and until stable.',
    source: HOLBROOK_2005,
  }),
  moderate({
    id: 'ddi/label/warfarin--tramadol', object: WARFARIN, precipitant: rx('tramadol', '10689'),
    effect: 'INR may rise: bleeding',
    management: 'Check INR after starting; watch for bleeding.',
    source: HOLBROOK_2005,
  }),
  moderate({
    id: 'ddi/label/warfarin--thyroid-hormone', object: WARFARIN, precipitant: rx('levothyroxine, liothyronine', '10582', '10814'),
    effect: 'INR rises as thyroid hormone is started or increased',
    management: 'Check INR after each thyroid dose change.',
    source: COUMADIN_7('drugs that increase the INR (thyroid drugs)'),
  }),
  major({
    id: 'ddi/label/doac--strong-cyp3a4-pgp-inhibitor', object: rx('apixaban, rivaroxaban', '1364430', '1114195'),
    precipitant: rx('ketoconazole, itraconazole, posaconazole, voriconazole, ritonavir', '6135', '28031', '282446', '121243', '85762'),
    effect: 'anticoagulant exposure doubles (CYP3A4 and P-gp inhibition): bleeding',
    management: 'Rivaroxaban: avoid. Apixaban: halve the dose (avoid if already 2.5 mg twice daily).',
    source: LABEL('Eliquis (apixaban) / Xarelto (rivaroxaban)', 'section 7, combined P-gp and strong CYP3A4 inhibitors'),
  }),
  major({
    id: 'ddi/label/doac--inducer', object: rx('apixaban, rivaroxaban, dabigatran', '1364430', '1114195', '1037042'), precipitant: INDUCERS,
    effect: 'anticoagulant exposure falls by half or more: stroke, clotting',
    management: 'Avoid the combination; use another anticoagulant (e.g. warfarin with INR monitoring or a LMWH).',
    source: LABEL('Eliquis (apixaban) / Xarelto (rivaroxaban) / Pradaxa (dabigatran)', 'section 7, P-gp and strong CYP3A4 inducers'),
  }),
  major({
    id: 'ddi/label/dabigatran--pgp-inhibitor', object: rx('dabigatran', '1037042'), precipitant: rx('dronedarone, ketoconazole', '233698', '6135'),
    effect: 'dabigatran exposure rises (P-gp inhibition): bleeding',
    management: 'CrCl 30-50 mL/min: reduce dabigatran to 75 mg twice daily; CrCl below 30: avoid.',
    source: LABEL('Pradaxa (dabigatran)', 'section 7, P-gp inhibitors'),
  }),
  moderate({
    id: 'ddi/label/doac--ssri-snri', object: cls('direct oral anticoagulants', 'doac'), precipitant: cls('SSRIs and SNRIs', 'ssri', 'snri'),
    effect: 'bleeding risk rises (serotonin-mediated platelet dysfunction)',
    management: 'Watch for bleeding; consider gastroprotection in older patients.',
    source: LABEL('Eliquis (apixaban)', 'section 7, drugs affecting hemostasis (SSRIs, SNRIs)'),
  }),
  major({
    id: 'ddi/label/ticagrelor--strong-cyp3a4', object: rx('ticagrelor', '1116632'),
    precipitant: cls('strong CYP3A4 inhibitors', 'cyp3a4-inhibitor-strong'),
    effect: 'ticagrelor exposure rises several-fold: bleeding, dyspnea',
    management: 'Avoid the combination; use clopidogrel or prasugrel, or another anti-infective.',
    source: LABEL('Brilinta (ticagrelor)', 'section 7.1, strong CYP3A inhibitors'),
  }),
  major({
    id: 'ddi/label/ticagrelor--inducer', object: rx('ticagrelor', '1116632'), precipitant: INDUCERS,
    effect: 'ticagrelor exposure falls: stent thrombosis',
    management: 'Avoid the combination; use another P2Y12 inhibitor.',
    source: LABEL('Brilinta (ticagrelor)', 'section 7.2, strong CYP3A inducers'),
  }),
  moderate({
    id: 'ddi/label/heparin--nsaid', object: rx('heparin, enoxaparin, dalteparin', '5224', '67108', '67109'), precipitant: cls('NSAIDs', 'nsaid'),
    effect: 'bleeding risk rises',
    management: 'Stop NSAIDs before starting the heparin when possible; otherwise monitor closely for bleeding.',
    source: LABEL('Lovenox (enoxaparin)', 'section 7, drugs affecting hemostasis'),
  }),
  moderate({
    id: 'ddi/label/ssri-snri--nsaid', object: cls('SSRIs and SNRIs', 'ssri', 'snri'), precipitant: cls('NSAIDs', 'nsaid'),
    effect: 'upper GI bleeding risk rises',
    management: 'Prefer acetaminophen; if an NSAID is needed, add a PPI in patients over 65 or with a history of GI bleeding.',
    source: LABEL('Zoloft (sertraline)', 'section 5, increased risk of bleeding (NSAIDs, aspirin, anticoagulants)'),
  }),
];
