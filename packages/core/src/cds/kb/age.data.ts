/** Age contraindications and cautions, from labels and FDA safety communications. */
import type { z } from 'zod';
import type { AgeRuleSchema } from './schema.ts';
import { FDA_DSC_2017_CODEINE_TRAMADOL, LABEL } from './citations.ts';

export const AGE_RULES: z.input<typeof AgeRuleSchema>[] = [
  {
    id: 'age/codeine-under-12', members: { label: 'codeine', rxcuis: ['2670'] }, belowYears: 12, severity: 'critical',
    effect: 'contraindicated under 12 years: fatal respiratory depression',
    management: 'Codeine is contraindicated in children under 12 (ultra-rapid CYP2D6 metabolism). Use a non-opioid analgesic.',
    source: FDA_DSC_2017_CODEINE_TRAMADOL,
  },
  {
    id: 'age/tramadol-under-12', members: { label: 'tramadol', rxcuis: ['10689'] }, belowYears: 12, severity: 'critical',
    effect: 'contraindicated under 12 years: fatal respiratory depression',
    management: 'Tramadol is contraindicated in children under 12. Use a non-opioid analgesic.',
    source: FDA_DSC_2017_CODEINE_TRAMADOL,
  },
  {
    id: 'age/promethazine-under-2', members: { label: 'promethazine', rxcuis: ['8745'] }, belowYears: 2, severity: 'critical',
    effect: 'contraindicated under 2 years: fatal respiratory depression',
    management: 'Boxed warning: do not use promethazine in children under 2 years.',
    source: LABEL('Phenergan (promethazine)', 'Boxed Warning and Contraindications: pediatric patients under 2 years'),
  },
  {
    id: 'age/loperamide-under-2', members: { label: 'loperamide', rxcuis: ['6468'] }, belowYears: 2, severity: 'critical',
    effect: 'contraindicated under 2 years',
    management: 'Loperamide is contraindicated in children under 2 (ileus, respiratory depression).',
    source: LABEL('Imodium (loperamide)', 'Contraindications: pediatric patients under 2 years'),
  },
  {
    id: 'age/aspirin-under-18', members: { label: 'aspirin', rxcuis: ['1191'] }, belowYears: 18, severity: 'warning',
    effect: "Reye's syndrome risk in children and teenagers",
    management: "Avoid aspirin in children and teenagers with viral illness (Reye's syndrome) unless specifically indicated (e.g. Kawasaki disease).",
    source: LABEL('aspirin (OTC Drug Facts)', "Warnings: Reye's syndrome"),
  },
  {
    id: 'age/tetracyclines-under-8', members: { label: 'tetracyclines', classes: ['tetracycline'] }, belowYears: 8, severity: 'warning',
    effect: 'permanent tooth discoloration under 8 years',
    management: 'Avoid under 8 years unless benefits outweigh risks (e.g. rickettsial disease, where short doxycycline courses are preferred).',
    source: LABEL('Vibramycin (doxycycline)', 'Warnings: tooth development'),
  },
  {
    id: 'age/fluoroquinolones-under-18', members: { label: 'fluoroquinolones', classes: ['fluoroquinolone'] }, belowYears: 18, severity: 'warning',
    effect: 'musculoskeletal adverse events in children',
    management: 'Not first-line under 18; reserve for specific indications (e.g. complicated UTI, anthrax, plague).',
    source: LABEL('Cipro (ciprofloxacin)', 'section 8.4, Pediatric Use'),
  },
  {
    id: 'age/benzonatate-under-10', members: { label: 'benzonatate', rxcuis: ['18993'] }, belowYears: 10, severity: 'warning',
    effect: 'not approved under 10 years: accidental ingestion deaths',
    management: 'Benzonatate is not approved under 10 years; overdose in young children has been fatal.',
    source: LABEL('Tessalon (benzonatate)', 'Warnings: accidental ingestion and toxicity in children'),
  },
];
