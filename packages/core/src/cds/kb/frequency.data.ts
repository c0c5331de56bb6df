/**
 * Frequency limits: drugs dosed weekly, monthly or at most once a day, from their U.S. labels.
 * `maxDosesPerWeek` is the most administrations a week the label allows; `minSingleMg` /
 * `maxSingleMg` pick the strength the limit is for (weekly alendronate 70 mg, daily 10 mg).
 */
import type { z } from 'zod';
import type { FrequencyRuleSchema } from './schema.ts';
import { LABEL } from './citations.ts';
import { ISMP_METHOTREXATE } from './citations-safety.ts';

type Entry = z.input<typeof FrequencyRuleSchema>;
const MONTHLY = 7 / 30;

export const FREQUENCY_RULES: Entry[] = [
  {
    id: 'frequency/methotrexate-weekly', rxcui: '6851', maxDosesPerWeek: 3, usual: 'once weekly (or 3 doses 12 hours apart, once a week)', severity: 'critical',
    text: 'For rheumatoid arthritis, psoriasis and polyarticular JIA, methotrexate is given ONCE WEEKLY. Mistaken daily use has caused fatal toxicity (boxed warning). Daily dosing is for specific cancer protocols only: confirm the indication and the day of the week.',
    source: { label: `methotrexate tablets prescribing information (U.S. label), boxed warning and section 2; ${ISMP_METHOTREXATE.label}`, url: ISMP_METHOTREXATE.url as string },
  },
  {
    id: 'frequency/alendronate-weekly', rxcui: '46041', minSingleMg: 35, maxDosesPerWeek: 1, usual: 'once weekly (35 or 70 mg)', severity: 'critical',
    text: 'Alendronate 35 and 70 mg are weekly strengths; the daily dose is 5-10 mg. Taking the weekly strength daily risks oesophageal ulceration and hypocalcaemia.',
    source: LABEL('Fosamax (alendronate)', 'section 2.1-2.2: 70 mg once weekly or 10 mg once daily'),
  },
  {
    id: 'frequency/risedronate-weekly', rxcui: '73056', minSingleMg: 30, maxSingleMg: 100, maxDosesPerWeek: 1, usual: 'once weekly (35 mg)', severity: 'critical',
    text: 'Risedronate 35 mg is a weekly strength; the daily dose is 5 mg.',
    source: LABEL('Actonel (risedronate)', 'section 2.1: 5 mg daily, 35 mg once a week or 150 mg once a month'),
  },
  {
    id: 'frequency/risedronate-monthly', rxcui: '73056', minSingleMg: 100, maxDosesPerWeek: MONTHLY, usual: 'once a month (150 mg)', severity: 'critical',
    text: 'Risedronate 150 mg is a monthly strength.',
    source: LABEL('Actonel (risedronate)', 'section 2.1: 150 mg once a month'),
  },
  {
    id: 'frequency/ibandronate-monthly', rxcui: '115264', minSingleMg: 100, maxDosesPerWeek: MONTHLY, usual: 'once a month (150 mg)', severity: 'critical',
    text: 'Oral ibandronate 150 mg is taken once a month, on the same date each month.',
    source: LABEL('Boniva (ibandronate)', 'section 2.1: 150 mg once monthly'),
  },
  {
    id: 'frequency/semaglutide-weekly', rxcui: '1991302', maxSingleMg: 2.4, maxDosesPerWeek: 1, usual: 'once weekly by injection', severity: 'critical',
    text: 'Injected semaglutide (0.25-2.4 mg) is given once weekly; only the oral tablets (3-14 mg) are daily. Daily injections multiply the exposure sevenfold (severe nausea, vomiting, dehydration, hypoglycaemia with insulin or sulfonylureas).',
    source: LABEL('Ozempic / Wegovy (semaglutide injection)', 'section 2: once weekly, any time of day'),
  },
  {
    id: 'frequency/dulaglutide-weekly', rxcui: '1551291', maxDosesPerWeek: 1, usual: 'once weekly by injection', severity: 'critical',
    text: 'Dulaglutide is given once weekly.',
    source: LABEL('Trulicity (dulaglutide)', 'section 2.1: once weekly'),
  },
  {
    id: 'frequency/tiotropium-daily', rxcui: '69120', maxDosesPerWeek: 7, usual: 'once daily', severity: 'warning',
    text: 'Tiotropium is a 24-hour bronchodilator: do not use more than once every 24 hours. For breakthrough symptoms use a short-acting bronchodilator.',
    source: LABEL('Spiriva (tiotropium)', 'section 2: once daily; do not use more than once every 24 hours'),
  },
  {
    id: 'frequency/zolpidem-nightly', rxcui: '39993', maxDosesPerWeek: 7, usual: 'once nightly at bedtime', severity: 'warning',
    text: 'Zolpidem is taken once a night, right before bed, with at least 7-8 hours before waking; a second dose the same night raises next-morning impairment.',
    source: LABEL('Ambien (zolpidem)', 'section 2.1: take only once per night'),
  },
  {
    id: 'frequency/sildenafil-ed-daily', rxcui: '136411', minSingleMg: 25, maxDosesPerWeek: 7, usual: 'at most once daily (erectile dysfunction)', severity: 'warning',
    text: 'For erectile dysfunction sildenafil is taken at most once a day. (Pulmonary hypertension uses 20 mg three times daily, which this limit does not cover.)',
    source: LABEL('Viagra (sildenafil)', 'section 2.1: maximum recommended dosing frequency is once per day'),
  },
  {
    id: 'frequency/tadalafil-daily', rxcui: '358263', maxDosesPerWeek: 7, usual: 'at most once daily', severity: 'warning',
    text: 'Tadalafil has a long half-life: it is taken at most once a day for every indication.',
    source: LABEL('Cialis (tadalafil)', 'section 2: maximum recommended dosing frequency is once per day'),
  },
  {
    id: 'frequency/donepezil-daily', rxcui: '135447', maxDosesPerWeek: 7, usual: 'once daily in the evening', severity: 'warning',
    text: 'Donepezil is given once daily; split doses add cholinergic adverse effects without benefit.',
    source: LABEL('Aricept (donepezil)', 'section 2: once daily in the evening just prior to retiring'),
  },
  {
    id: 'frequency/montelukast-daily', rxcui: '88249', maxDosesPerWeek: 7, usual: 'once daily in the evening', severity: 'warning',
    text: 'Montelukast is given once daily; more frequent dosing is not studied and adds neuropsychiatric risk (boxed warning).',
    source: LABEL('Singulair (montelukast)', 'section 2: once daily'),
  },
];
