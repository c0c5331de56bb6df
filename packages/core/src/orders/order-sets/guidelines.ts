/**
 * The guidelines Lantern's order sets follow: published documents with their year and DOI. Never
 * invent one: a set without a guideline here does not ship.
 */
import type { Guideline } from './schema.ts';

export const SURVIVING_SEPSIS_2021: Guideline = {
  label: 'Evans L et al. Surviving Sepsis Campaign: International Guidelines for Management of Sepsis and Septic Shock 2021. Crit Care Med 2021;49(11):e1063-e1143',
  url: 'https://doi.org/10.1097/CCM.0000000000005337',
  year: 2021,
};

export const ATS_IDSA_CAP_2019: Guideline = {
  label: 'Metlay JP et al. Diagnosis and Treatment of Adults with Community-acquired Pneumonia: an official clinical practice guideline of the ATS and IDSA. Am J Respir Crit Care Med 2019;200(7):e45-e67',
  url: 'https://doi.org/10.1164/rccm.201908-1581ST',
  year: 2019,
};

export const ADA_HYPERGLYCEMIC_CRISES_2024: Guideline = {
  label: 'Umpierrez GE et al. Hyperglycemic Crises in Adults With Diabetes: A Consensus Report. Diabetes Care 2024;47(8):1257-1275',
  url: 'https://doi.org/10.2337/dci24-0032',
  year: 2024,
};

export const ERAS_COLORECTAL_2018: Guideline = {
  label: 'Gustafsson UO et al. Guidelines for Perioperative Care in Elective Colorectal Surgery: Enhanced Recovery After Surgery (ERAS) Society Recommendations: 2018. World J Surg 2019;43(3):659-695',
  url: 'https://doi.org/10.1007/s00268-018-4844-y',
  year: 2018,
};

export const CHEST_VTE_SURGICAL_2012: Guideline = {
  label: 'Gould MK et al. Prevention of VTE in Nonorthopedic Surgical Patients: Antithrombotic Therapy and Prevention of Thrombosis, 9th ed: ACCP Evidence-Based Clinical Practice Guidelines. Chest 2012;141(2 Suppl):e227S-e277S',
  url: 'https://doi.org/10.1378/chest.11-2297',
  year: 2012,
};

export const AHA_ACC_CHEST_PAIN_2021: Guideline = {
  label: 'Gulati M et al. 2021 AHA/ACC/ASE/CHEST/SAEM/SCCT/SCMR Guideline for the Evaluation and Diagnosis of Chest Pain. Circulation 2021;144(22):e368-e454',
  url: 'https://doi.org/10.1161/CIR.0000000000001029',
  year: 2021,
};

export const AHA_ACC_NSTE_ACS_2014: Guideline = {
  label: 'Amsterdam EA et al. 2014 AHA/ACC Guideline for the Management of Patients With Non-ST-Elevation Acute Coronary Syndromes. Circulation 2014;130(25):e344-e426 (non-enteric-coated chewable aspirin 162-325 mg)',
  url: 'https://doi.org/10.1161/CIR.0000000000000134',
  year: 2014,
};
