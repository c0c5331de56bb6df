/**
 * Sources cited by the knowledge base. Each entry's `source` is one of these, or a label/guideline
 * citation built with the helpers below. Never invent a citation: if a fact has no source here,
 * it does not go in the knowledge base.
 */
import type { Citation } from './schema.ts';

export const RXNORM: Citation = {
  label: 'RxNorm, U.S. National Library of Medicine: ingredient (TTY=IN) concept',
  url: 'https://www.nlm.nih.gov/research/umls/rxnorm/',
};

export const FORMULARY: Citation = {
  label: 'Lantern outpatient formulary, assembled with reference to ClinCalc DrugStats Top 300 Drugs (Kane SP)',
  url: 'https://clincalc.com/DrugStats/Top300Drugs.aspx',
};

export const ONC_HP: Citation = {
  label: 'Phansalkar S et al. High-priority drug-drug interactions for use in electronic health records. JAMIA 2012;19(5):735-43, Table 2',
  url: 'https://doi.org/10.1136/amiajnl-2011-000612',
};

export const ONC_NI: Citation = {
  label: 'Phansalkar S et al. Drug-drug interactions that should be non-interruptive in order to reduce alert fatigue in EHRs. JAMIA 2013;20(3):489-93',
  url: 'https://pmc.ncbi.nlm.nih.gov/articles/PMC3628052',
};

export const CREDIBLEMEDS_KR: Citation = {
  label: 'CredibleMeds (AZCERT) QTdrugs List, category "Known Risk of TdP"',
  url: 'https://crediblemeds.org/',
};

export const WHO_ATC = (code: string, name: string): Citation => ({
  label: `WHO ATC classification ${code}: ${name}`,
  url: `https://atcddd.fhi.no/atc_ddd_index/?code=${code}`,
});

export const FDA_EPC = (name: string): Citation => ({
  label: `FDA Established Pharmacologic Class in the drug labels: ${name}`,
  url: 'https://www.fda.gov/industry/structured-product-labeling-resources/pharmacologic-class',
});

export const ONC_HP_ENTRY = (where: string): Citation => ({ label: `${ONC_HP.label}, ${where}`, url: ONC_HP.url as string });
export const ONC_NI_ENTRY = (where: string): Citation => ({ label: `${ONC_NI.label}, ${where}`, url: ONC_NI.url as string });
export const QT_SOURCE = (where: string): Citation => ({
  label: `${ONC_HP.label}, ${where} (QT-prolonging agents; members from ${CREDIBLEMEDS_KR.label})`,
  url: ONC_HP.url as string,
});

/** A section of a U.S. prescribing information (drug label), found through DailyMed. */
export const LABEL = (drug: string, section: string): Citation => ({
  label: `${drug} prescribing information (U.S. label), ${section}`,
  url: 'https://dailymed.nlm.nih.gov/dailymed/',
});

export const FDA_DSC_2017_CODEINE_TRAMADOL: Citation = {
  label: 'FDA Drug Safety Communication (2017-04-20): FDA restricts use of prescription codeine pain and cough medicines and tramadol pain medicines in children',
  url: 'https://www.fda.gov/drugs/drug-safety-and-availability',
};

export const AAP_AOM_2013: Citation = {
  label: 'Lieberthal AS et al. The diagnosis and management of acute otitis media. Pediatrics 2013;131(3):e964-99 (amoxicillin 80-90 mg/kg/day)',
  url: 'https://doi.org/10.1542/peds.2012-3488',
};

export const DRUG_ALLERGY_2022: Citation = {
  label: 'Khan DA et al. Drug allergy: a 2022 practice parameter update. J Allergy Clin Immunol 2022;150(6):1333-1393',
  url: 'https://doi.org/10.1016/j.jaci.2022.08.028',
};

export const STROM_2003: Citation = {
  label: 'Strom BL et al. Absence of cross-reactivity between sulfonamide antibiotics and sulfonamide nonantibiotics. N Engl J Med 2003;349:1628-35',
  url: 'https://doi.org/10.1056/NEJMoa022963',
};

export const BEERS_2023: Citation = {
  label: 'American Geriatrics Society 2023 Updated AGS Beers Criteria, Table 6 (drugs to avoid or adjust by kidney function)',
  url: 'https://doi.org/10.1111/jgs.18372',
};

export const FDA_DSC_2016_OPIOID_BENZO: Citation = {
  label: 'FDA Drug Safety Communication (2016-08-31): boxed warning on concomitant use of opioids and benzodiazepines',
  url: 'https://www.fda.gov/drugs/drug-safety-and-availability',
};

export const FDA_DSC_2019_GABAPENTINOIDS: Citation = {
  label: 'FDA Drug Safety Communication (2019-12-19): serious breathing difficulties with gabapentin and pregabalin with CNS depressants such as opioids',
  url: 'https://www.fda.gov/drugs/drug-safety-and-availability',
};

export const FDA_DSC_2011_APAP: Citation = {
  label: 'FDA Drug Safety Communication (2011-01-13): prescription acetaminophen limited to 325 mg per dosage unit; maximum 4,000 mg in 24 hours',
  url: 'https://www.fda.gov/drugs/drug-safety-and-availability',
};

export const FDA_DSC_2012_CITALOPRAM: Citation = {
  label: 'FDA Drug Safety Communication (2012-03-28): revised recommendations for Celexa (citalopram) related to QT prolongation; max 40 mg/day, 20 mg/day over 60 years',
  url: 'https://www.fda.gov/drugs/drug-safety-and-availability',
};

export const CKD_EPI_2021: Citation = {
  label: 'Inker LA et al. New creatinine- and cystatin C-based equations to estimate GFR without race. N Engl J Med 2021;385:1737-49 (CKD-EPI 2021)',
  url: 'https://doi.org/10.1056/NEJMoa2102953',
};

export const COCKCROFT_GAULT: Citation = {
  label: 'Cockcroft DW, Gault MH. Prediction of creatinine clearance from serum creatinine. Nephron 1976;16:31-41',
  url: 'https://doi.org/10.1159/000180580',
};

export const CHOOSING_WISELY_LABS: Citation = {
  label: 'Society of Hospital Medicine, Choosing Wisely: do not perform repetitive CBC and chemistry testing in the face of clinical and lab stability',
  url: 'https://www.choosingwisely.org/',
};
