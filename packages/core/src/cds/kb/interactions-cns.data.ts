/**
 * Serotonergic, antiepileptic and other interactions a pharmacist expects (beyond the ONC lists and
 * interactions-lantern). Grades and severity mapping: interactions-sources.data.ts.
 */
import { LABEL } from './citations.ts';
import {
  BORRELLI_2009, FDA_DSC_2011_METHYLENE_BLUE, FDA_DSC_2016_OPIOID_SEROTONIN, cls, major, moderate, rx, type InteractionEntry,
} from './interactions-sources.data.ts';

const SEROTONERGIC_ANTIDEPRESSANTS = cls('SSRIs, SNRIs, TCAs', 'ssri', 'snri', 'tca');

export const CNS_INTERACTIONS: InteractionEntry[] = [
  major({
    id: 'ddi/fda/serotonergic-opioid--antidepressant', object: rx('fentanyl, meperidine, methadone, tapentadol', '4337', '6754', '6813', '787390'),
    precipitant: SEROTONERGIC_ANTIDEPRESSANTS,
    effect: 'serotonin syndrome: agitation, hyperthermia, clonus',
    management: 'Use the lowest doses; teach the patient the symptoms and stop both if they appear; consider a non-serotonergic opioid (morphine, oxycodone).',
    source: FDA_DSC_2016_OPIOID_SEROTONIN,
  }),
  major({
    id: 'ddi/fda/methylene-blue--serotonergic', object: rx('methylene blue', '6878'), precipitant: cls('SSRIs, SNRIs, TCAs', 'ssri', 'snri', 'tca'),
    effect: 'serotonin syndrome (methylene blue is a potent MAO inhibitor)',
    management: 'Avoid: stop the antidepressant 2 weeks (5 weeks for fluoxetine) before non-emergency methylene blue; in an emergency, monitor for 24 h.',
    source: FDA_DSC_2011_METHYLENE_BLUE,
  }),
  major({
    id: 'ddi/review/st-johns-wort--antidepressant', object: rx("St John's wort", '258326'), precipitant: SEROTONERGIC_ANTIDEPRESSANTS,
    effect: 'serotonin syndrome', origin: 'guideline',
    management: "Advise the patient to stop St John's wort before starting the antidepressant.",
    source: BORRELLI_2009,
  }),
  moderate({
    id: 'ddi/label/lithium--ssri-snri', object: rx('lithium', '6448'), precipitant: cls('SSRIs and SNRIs', 'ssri', 'snri'),
    effect: 'serotonin syndrome; lithium levels may change',
    management: 'Watch for tremor, confusion, clonus; measure the lithium level after starting.',
    source: LABEL('Lithium', 'section 5 and 7, serotonergic drugs'),
  }),
  major({
    id: 'ddi/label/valproate--carbapenem', object: rx('valproic acid', '11118'), precipitant: cls('carbapenems', 'carbapenem'),
    effect: 'valproate levels fall by 60-100% within a day: breakthrough seizures',
    management: 'Avoid: use a non-carbapenem antibiotic, or bridge with another antiepileptic during the course.',
    source: LABEL('Depakote (divalproex)', 'section 7, carbapenem antibiotics'),
  }),
  major({
    id: 'ddi/label/lamotrigine--valproate', object: rx('lamotrigine', '28439'), precipitant: rx('valproic acid', '11118'),
    effect: 'lamotrigine levels double: serious rash (SJS/TEN)',
    management: 'Start and titrate lamotrigine at half the usual dose as the label directs.',
    source: LABEL('Lamictal (lamotrigine)', 'section 2.1 and 7, valproate'),
  }),
  moderate({
    id: 'ddi/label/phenytoin--fluconazole', object: rx('phenytoin', '8183'), precipitant: rx('fluconazole', '4450'),
    effect: 'phenytoin levels rise: ataxia, nystagmus',
    management: 'Measure the phenytoin level after a few days of fluconazole.',
    source: LABEL('Diflucan (fluconazole)', 'section 7, phenytoin'),
  }),
  moderate({
    id: 'ddi/label/fluoroquinolone--corticosteroid', object: cls('fluoroquinolones', 'fluoroquinolone'),
    precipitant: cls('systemic corticosteroids', 'corticosteroid-systemic'),
    effect: 'tendinitis and tendon rupture more likely (boxed warning)',
    management: 'Prefer another antibiotic in older adults on steroids; tell the patient to stop and call at the first tendon pain.',
    source: LABEL('Levaquin (levofloxacin)', 'boxed warning and section 5, tendinitis and tendon rupture (corticosteroids)'),
  }),
  moderate({
    id: 'ddi/label/pde5--alpha-blocker', object: cls('PDE5 inhibitors', 'pde5-inhibitor'), precipitant: cls('alpha-1 blockers', 'alpha-blocker'),
    effect: 'symptomatic hypotension',
    management: 'Be stable on the alpha blocker first, start the PDE5 inhibitor at the lowest dose.',
    source: LABEL('Viagra (sildenafil)', 'section 5 and 7, alpha-blockers'),
  }),
  moderate({
    id: 'ddi/label/allopurinol--aminopenicillin', object: rx('allopurinol', '519'), precipitant: rx('amoxicillin, ampicillin', '723', '733'),
    effect: 'skin rash more frequent',
    management: 'No change needed; tell the patient a rash may occur and is not necessarily penicillin allergy.',
    source: LABEL('Zyloprim (allopurinol)', 'section on drug interactions: ampicillin/amoxicillin'),
  }),
];
