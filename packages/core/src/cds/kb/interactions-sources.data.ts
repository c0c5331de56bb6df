/**
 * Shared pieces of the pharmacist interaction tables (interactions-anticoagulant, -cyp, -cardiac-renal
 * and -cns): the literature they cite and the builders that turn a clinical grade into a card
 * severity.
 *
 * Severity mapping (the knowledge base's, see ../README.md "Interactions"):
 * - contraindicated and on the ONC high-priority list -> critical (interrupts; override reason needed);
 * - major (the label says avoid, contraindicated, or change the dose) -> warning;
 * - moderate (monitor, or adjust if it shows) -> info.
 * Only ONC high-priority pairs are critical (the loader enforces it), so a contraindication found
 * only in a label is a warning here.
 */
import type { z } from 'zod';
import type { Citation, InteractionSchema } from './schema.ts';

export type InteractionEntry = z.input<typeof InteractionSchema>;
type Graded = Omit<InteractionEntry, 'severity' | 'origin'> & { origin?: 'label' | 'guideline' };

export const cls = (label: string, ...classes: string[]) => ({ label, classes });
export const rx = (label: string, ...rxcuis: string[]) => ({ label, rxcuis });

/** Major: avoid, contraindicated in the label, or a dose change is required. Card: warning. */
export const major = (e: Graded): InteractionEntry => ({ origin: 'label', ...e, severity: 'warning' });
/** Moderate: monitor (levels, INR, potassium, symptoms) and adjust if needed. Card: info. */
export const moderate = (e: Graded): InteractionEntry => ({ origin: 'label', ...e, severity: 'info' });

const doi = (d: string): string => `https://doi.org/${d}`;

export const FDA_DDI_TABLE: Citation = {
  label: 'FDA, Drug Development and Drug Interactions: Table of Substrates, Inhibitors and Inducers (strong CYP3A inhibitors and inducers)',
  url: 'https://www.fda.gov/drugs/drug-interactions-labeling/drug-development-and-drug-interactions-table-substrates-inhibitors-and-inducers',
};
export const HOLBROOK_2005: Citation = {
  label: 'Holbrook AM et al. Systematic overview of warfarin and its drug and food interactions. Arch Intern Med 2005;165(10):1095-1106',
  url: doi('10.1001/archinte.165.10.1095'),
};
export const SCHELLEMAN_2008: Citation = {
  label: 'Schelleman H et al. Warfarin with fluoroquinolones, sulfonamides, or azole antifungals: interactions and the risk of hospitalization for gastrointestinal bleeding. Clin Pharmacol Ther 2008;84(5):581-588',
  url: doi('10.1038/clpt.2008.150'),
};
export const WIGGINS_2016: Citation = {
  label: 'Wiggins BS et al. Recommendations for management of clinically significant drug-drug interactions with statins and select agents used in patients with cardiovascular disease (AHA scientific statement). Circulation 2016;134(21):e468-e495',
  url: doi('10.1161/CIR.0000000000000456'),
};
export const GANDHI_2013: Citation = {
  label: 'Gandhi S et al. Calcium-channel blocker-clarithromycin drug interactions and acute kidney injury in older adults. JAMA 2013;310(23):2544-2553',
  url: doi('10.1001/jama.2013.282426'),
};
export const RAY_2004: Citation = {
  label: 'Ray WA et al. Oral erythromycin and the risk of sudden death from cardiac causes. N Engl J Med 2004;351(11):1089-1096',
  url: doi('10.1056/NEJMoa040582'),
};
export const FRALICK_2014: Citation = {
  label: 'Fralick M et al. Co-trimoxazole and sudden death in patients receiving inhibitors of renin-angiotensin system: population based study. BMJ 2014;349:g6196',
  url: doi('10.1136/bmj.g6196'),
};
export const ANTONIOU_2015: Citation = {
  label: 'Antoniou T et al. Trimethoprim-sulfamethoxazole and risk of sudden death among patients taking spironolactone. CMAJ 2015;187(4):E138-E143',
  url: doi('10.1503/cmaj.140816'),
};
export const JUURLINK_2003: Citation = {
  label: 'Juurlink DN et al. Drug-drug interactions among elderly patients hospitalized for drug toxicity. JAMA 2003;289(13):1652-1658',
  url: doi('10.1001/jama.289.13.1652'),
};
export const BORRELLI_2009: Citation = {
  label: "Borrelli F, Izzo AA. Herb-drug interactions with St John's wort (Hypericum perforatum): an update on clinical observations. AAPS J 2009;11(4):710-727",
  url: doi('10.1208/s12248-009-9146-8'),
};
export const FDA_DSC_2016_OPIOID_SEROTONIN: Citation = {
  label: 'FDA Drug Safety Communication (2016-03-22): FDA warns about several safety issues with opioid pain medicines (serotonin syndrome with serotonergic drugs); requires label changes',
  url: 'https://www.fda.gov/drugs/drug-safety-and-availability',
};
export const FDA_DSC_2011_METHYLENE_BLUE: Citation = {
  label: 'FDA Drug Safety Communication (2011-07-26): serious CNS reactions possible when methylene blue is given to patients taking certain psychiatric medications',
  url: 'https://www.fda.gov/drugs/drug-safety-and-availability',
};
