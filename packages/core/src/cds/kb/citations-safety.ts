/**
 * Sources cited by the hard stops, the frequency and drug-disease rules, renal dosing weights and
 * allergy grading. Kept apart from citations.ts (shared with the interaction data) so each table
 * has one owner. Never invent a citation: if a fact has no source here, it does not go in.
 */
import type { Citation } from './schema.ts';

export const ISMP_ELECTRONIC_COMMUNICATION: Citation = {
  label: 'ISMP Guidelines for Safe Electronic Communication of Medication Information (2019): dose, unit and frequency fields, tenfold errors',
  url: 'https://www.ismp.org/resources/guidelines-safe-electronic-communication-medication-information',
};

export const ISMP_WEIGHT_KG: Citation = {
  label: 'ISMP Targeted Medication Safety Best Practices for Hospitals: weigh every patient in kilograms before weight-based dosing',
  url: 'https://www.ismp.org/guidelines/best-practices-hospitals',
};

export const ISMP_METHOTREXATE: Citation = {
  label: 'ISMP Targeted Medication Safety Best Practices for Hospitals: weekly oral methotrexate defaulted to weekly, daily dosing requires a verified oncologic indication',
  url: 'https://www.ismp.org/guidelines/best-practices-hospitals',
};

export const DEVINE_1974: Citation = {
  label: 'Devine BJ. Gentamicin therapy. Drug Intell Clin Pharm 1974;8:650-5 (ideal body weight: 50 kg men, 45.5 kg women, + 2.3 kg per inch over 5 feet)',
};

export const WINTER_ADJUSTED_BW: Citation = {
  label: 'Winter MA et al. Impact of various body weights and serum creatinine concentrations on the bias and accuracy of the Cockcroft-Gault equation. Pharmacotherapy 2012;32(7):604-12 (adjusted body weight above 120% of ideal)',
  url: 'https://doi.org/10.1002/j.1875-9114.2012.01098.x',
};

export const KDIGO_CKD_2024: Citation = {
  label: 'KDIGO 2024 Clinical Practice Guideline for the Evaluation and Management of CKD, chapter 4 (medication management: avoid NSAIDs in CKD G3-G5)',
  url: 'https://kdigo.org/guidelines/ckd-evaluation-and-management/',
};

export const AHA_HF_2022: Citation = {
  label: 'Heidenreich PA et al. 2022 AHA/ACC/HFSA Guideline for the Management of Heart Failure, section 7.3.8 (drugs that cause or worsen HF: NSAIDs, thiazolidinediones, non-dihydropyridine CCBs in HFrEF)',
  url: 'https://doi.org/10.1161/CIR.0000000000001063',
};

export const BEERS_2023_DRUG_DISEASE: Citation = {
  label: 'American Geriatrics Society 2023 Updated AGS Beers Criteria, Table 3 (drug-disease or drug-syndrome interactions that may exacerbate the disease)',
  url: 'https://doi.org/10.1111/jgs.18372',
};

export const CDC_MEC_2024: Citation = {
  label: 'U.S. Medical Eligibility Criteria for Contraceptive Use, 2024 (CDC MMWR Recomm Rep 2024;73(4)): combined hormonal contraception category 4 conditions',
  url: 'https://www.cdc.gov/contraception/hcp/usmec/',
};

export const ALLERGY_REACTION_GRADING: Citation = {
  label: 'Khan DA et al. Drug allergy: a 2022 practice parameter update. J Allergy Clin Immunol 2022;150(6):1333-1393 (risk by reaction history: anaphylaxis/SCAR vs benign rash vs intolerance; side-chain cross-reactivity)',
  url: 'https://doi.org/10.1016/j.jaci.2022.08.028',
};

export const HL7_ALLERGY_CRITICALITY: Citation = {
  label: 'HL7 FHIR R4 AllergyIntolerance.criticality (low | high | unable-to-assess) and reaction.manifestation',
  url: 'https://hl7.org/fhir/R4/allergyintolerance-definitions.html#AllergyIntolerance.criticality',
};
