/**
 * Problems a synthetic patient can have, each coded in ICD-10-CM (billing) and SNOMED CT (clinical),
 * as ARCHITECTURE.md asks for conditions. Prevalence figures are rough adult-US orders of magnitude,
 * chosen so a panel of patients looks like a primary-care list, not an epidemiology source.
 */

export interface Code {
  code: string;
  display: string;
}

export type ChronicKey =
  | 'hypertension' | 'hyperlipidemia' | 'diabetes' | 'prediabetes' | 'ckd3' | 'ckd4' | 'asthma' | 'copd'
  | 'afib' | 'heartFailure' | 'cad' | 'hypothyroidism' | 'depression' | 'anxiety' | 'gerd' | 'osteoarthritis'
  | 'obesity' | 'migraine' | 'allergicRhinitis' | 'adhd' | 'atopicDermatitis' | 'anemia' | 'gout';

export type AcuteKey =
  | 'sinusitis' | 'bronchitis' | 'pneumonia' | 'uti' | 'strepThroat' | 'otitisMedia' | 'ankleSprain'
  | 'cellulitis' | 'gastroenteritis' | 'copdExacerbation' | 'chestPain';

export type ConditionKey = ChronicKey | AcuteKey;

export interface ConditionDef {
  key: ConditionKey;
  icd10: Code;
  snomed: Code;
  chronic: boolean;
  /** Chance of having it, by age band: [0-17, 18-44, 45-64, 65+]. Acute problems use it as a per-visit weight. */
  prevalence: readonly [number, number, number, number];
  /** Conditions that make this one more likely (multiplier), e.g. diabetes makes CKD likelier. */
  boostedBy?: readonly (readonly [ChronicKey, number])[];
  /** Conditions this one cannot coexist with (a patient is not both prediabetic and diabetic). */
  excludes?: readonly ChronicKey[];
  /** Short phrase for notes: how the problem is doing. */
  statusPhrases: readonly string[];
}

const c = (code: string, display: string): Code => ({ code, display });

export const CONDITIONS: Readonly<Record<ConditionKey, ConditionDef>> = {
  hypertension: {
    key: 'hypertension', chronic: true,
    icd10: c('I10', 'Essential (primary) hypertension'), snomed: c('38341003', 'Hypertensive disorder, systemic arterial'),
    prevalence: [0.005, 0.12, 0.4, 0.6], boostedBy: [['diabetes', 1.4], ['obesity', 1.4], ['ckd3', 1.6]],
    statusPhrases: ['well controlled', 'above goal on home readings', 'at goal', 'borderline, lifestyle measures reinforced'],
  },
  hyperlipidemia: {
    key: 'hyperlipidemia', chronic: true,
    icd10: c('E78.5', 'Hyperlipidemia, unspecified'), snomed: c('55822004', 'Hyperlipidemia'),
    prevalence: [0.005, 0.1, 0.35, 0.5], boostedBy: [['diabetes', 1.5], ['cad', 2]],
    statusPhrases: ['LDL above goal', 'lipids at goal', 'diet and exercise reviewed'],
  },
  diabetes: {
    key: 'diabetes', chronic: true,
    icd10: c('E11.9', 'Type 2 diabetes mellitus without complications'), snomed: c('44054006', 'Diabetes mellitus type 2'),
    prevalence: [0.003, 0.05, 0.17, 0.25], boostedBy: [['obesity', 2]], excludes: ['prediabetes'],
    statusPhrases: ['A1c above goal, adherence discussed', 'glycemic control improving', 'stable, no hypoglycemia reported'],
  },
  prediabetes: {
    key: 'prediabetes', chronic: true,
    icd10: c('R73.03', 'Prediabetes'), snomed: c('714628002', 'Prediabetes'),
    prevalence: [0.01, 0.08, 0.15, 0.15], boostedBy: [['obesity', 1.8]], excludes: ['diabetes'],
    statusPhrases: ['diet and exercise counseling given', 'A1c stable in prediabetic range'],
  },
  ckd3: {
    key: 'ckd3', chronic: true,
    icd10: c('N18.30', 'Chronic kidney disease, stage 3 unspecified'), snomed: c('433144002', 'Chronic kidney disease stage 3'),
    prevalence: [0, 0.01, 0.05, 0.15], boostedBy: [['diabetes', 2.5], ['hypertension', 1.8]], excludes: ['ckd4'],
    statusPhrases: ['eGFR stable', 'renally dose medications; avoid NSAIDs', 'slow decline in eGFR, nephrology referral discussed'],
  },
  ckd4: {
    key: 'ckd4', chronic: true,
    icd10: c('N18.4', 'Chronic kidney disease, stage 4 (severe)'), snomed: c('431857002', 'Chronic kidney disease stage 4'),
    prevalence: [0, 0.001, 0.008, 0.03], boostedBy: [['diabetes', 2.5], ['hypertension', 1.5]], excludes: ['ckd3'],
    statusPhrases: ['followed by nephrology', 'potassium monitored closely', 'renal diet reinforced'],
  },
  asthma: {
    key: 'asthma', chronic: true,
    icd10: c('J45.909', 'Unspecified asthma, uncomplicated'), snomed: c('195967001', 'Asthma'),
    prevalence: [0.09, 0.08, 0.08, 0.07], boostedBy: [['allergicRhinitis', 2], ['atopicDermatitis', 1.8]],
    statusPhrases: ['well controlled, rescue inhaler use under twice a week', 'night symptoms twice this month', 'no exacerbations since last visit'],
  },
  copd: {
    key: 'copd', chronic: true,
    icd10: c('J44.9', 'Chronic obstructive pulmonary disease, unspecified'), snomed: c('13645005', 'Chronic obstructive lung disease'),
    prevalence: [0, 0.01, 0.06, 0.12],
    statusPhrases: ['stable dyspnea on exertion', 'smoking cessation counseling given', 'no exacerbation since last visit'],
  },
  afib: {
    key: 'afib', chronic: true,
    icd10: c('I48.91', 'Unspecified atrial fibrillation'), snomed: c('49436004', 'Atrial fibrillation'),
    prevalence: [0, 0.002, 0.02, 0.1], boostedBy: [['hypertension', 1.5], ['heartFailure', 3]],
    statusPhrases: ['rate controlled', 'no bleeding reported', 'occasional palpitations', 'stroke risk reviewed'],
  },
  heartFailure: {
    key: 'heartFailure', chronic: true,
    icd10: c('I50.9', 'Heart failure, unspecified'), snomed: c('84114007', 'Heart failure'),
    prevalence: [0, 0.002, 0.02, 0.08], boostedBy: [['cad', 3], ['hypertension', 1.5], ['afib', 2]],
    statusPhrases: ['euvolemic on exam', 'weight up 2 kg, diuretic adjusted', 'NYHA class II symptoms'],
  },
  cad: {
    key: 'cad', chronic: true,
    icd10: c('I25.10', 'Atherosclerotic heart disease of native coronary artery without angina pectoris'), snomed: c('53741008', 'Coronary arteriosclerosis'),
    prevalence: [0, 0.005, 0.06, 0.15], boostedBy: [['diabetes', 2], ['hyperlipidemia', 1.8], ['hypertension', 1.5]],
    statusPhrases: ['no angina', 'secondary prevention reviewed', 'stable exertional tolerance'],
  },
  hypothyroidism: {
    key: 'hypothyroidism', chronic: true,
    icd10: c('E03.9', 'Hypothyroidism, unspecified'), snomed: c('40930008', 'Hypothyroidism'),
    prevalence: [0.005, 0.04, 0.07, 0.1],
    statusPhrases: ['TSH within range on current dose', 'fatigue improved', 'dose adjusted after last TSH'],
  },
  depression: {
    key: 'depression', chronic: true,
    icd10: c('F32.9', 'Major depressive disorder, single episode, unspecified'), snomed: c('370143000', 'Major depressive disorder'),
    prevalence: [0.03, 0.1, 0.09, 0.07], boostedBy: [['anxiety', 2]],
    statusPhrases: ['PHQ-9 improved', 'mood stable', 'sleep still poor, therapy referral'],
  },
  anxiety: {
    key: 'anxiety', chronic: true,
    icd10: c('F41.1', 'Generalized anxiety disorder'), snomed: c('21897009', 'Generalized anxiety disorder'),
    prevalence: [0.04, 0.1, 0.08, 0.05],
    statusPhrases: ['GAD-7 improved', 'coping strategies reviewed'],
  },
  gerd: {
    key: 'gerd', chronic: true,
    icd10: c('K21.9', 'Gastro-esophageal reflux disease without esophagitis'), snomed: c('235595009', 'Gastroesophageal reflux disease'),
    prevalence: [0.01, 0.1, 0.15, 0.18],
    statusPhrases: ['symptoms controlled', 'step-down of acid suppression discussed'],
  },
  osteoarthritis: {
    key: 'osteoarthritis', chronic: true,
    icd10: c('M17.9', 'Osteoarthritis of knee, unspecified'), snomed: c('239873007', 'Osteoarthritis of knee'),
    prevalence: [0, 0.02, 0.12, 0.3], boostedBy: [['obesity', 1.6]],
    statusPhrases: ['knee pain with stairs', 'physical therapy helpful', 'activity modification discussed'],
  },
  obesity: {
    key: 'obesity', chronic: true,
    icd10: c('E66.9', 'Obesity, unspecified'), snomed: c('414916001', 'Obesity'),
    prevalence: [0.12, 0.3, 0.38, 0.32],
    statusPhrases: ['weight loss goals discussed', 'nutrition referral made'],
  },
  migraine: {
    key: 'migraine', chronic: true,
    icd10: c('G43.909', 'Migraine, unspecified, not intractable, without status migrainosus'), snomed: c('37796009', 'Migraine'),
    prevalence: [0.03, 0.12, 0.08, 0.03],
    statusPhrases: ['two to three headaches a month', 'headache diary reviewed'],
  },
  allergicRhinitis: {
    key: 'allergicRhinitis', chronic: true,
    icd10: c('J30.9', 'Allergic rhinitis, unspecified'), snomed: c('61582004', 'Allergic rhinitis'),
    prevalence: [0.1, 0.12, 0.1, 0.07],
    statusPhrases: ['seasonal symptoms', 'well controlled'],
  },
  adhd: {
    key: 'adhd', chronic: true,
    icd10: c('F90.9', 'Attention-deficit hyperactivity disorder, unspecified type'), snomed: c('406506008', 'Attention deficit hyperactivity disorder'),
    prevalence: [0.08, 0.03, 0.01, 0.002],
    statusPhrases: ['school performance improved', 'behavior plan reviewed with family'],
  },
  atopicDermatitis: {
    key: 'atopicDermatitis', chronic: true,
    icd10: c('L20.9', 'Atopic dermatitis, unspecified'), snomed: c('24079001', 'Atopic dermatitis'),
    prevalence: [0.1, 0.03, 0.02, 0.01],
    statusPhrases: ['flares with dry weather', 'emollients reinforced'],
  },
  anemia: {
    key: 'anemia', chronic: true,
    icd10: c('D64.9', 'Anemia, unspecified'), snomed: c('271737000', 'Anemia'),
    prevalence: [0.02, 0.05, 0.05, 0.1], boostedBy: [['ckd3', 2.5], ['ckd4', 4]],
    statusPhrases: ['hemoglobin stable', 'iron studies ordered'],
  },
  gout: {
    key: 'gout', chronic: true,
    icd10: c('M10.9', 'Gout, unspecified'), snomed: c('90560007', 'Gout'),
    prevalence: [0, 0.01, 0.04, 0.06], boostedBy: [['ckd3', 2], ['obesity', 1.5]],
    statusPhrases: ['no flares since last visit', 'diet and alcohol intake reviewed'],
  },
  // Acute problems: attached to one visit, resolved a few weeks later.
  sinusitis: {
    key: 'sinusitis', chronic: false,
    icd10: c('J01.90', 'Acute sinusitis, unspecified'), snomed: c('15805002', 'Acute sinusitis'),
    prevalence: [1, 2, 2, 1], statusPhrases: ['ten days of congestion and facial pain'],
  },
  bronchitis: {
    key: 'bronchitis', chronic: false,
    icd10: c('J20.9', 'Acute bronchitis, unspecified'), snomed: c('10509002', 'Acute bronchitis'),
    prevalence: [1, 2, 2, 2], statusPhrases: ['productive cough for one week, no fever'],
  },
  pneumonia: {
    key: 'pneumonia', chronic: false,
    icd10: c('J18.9', 'Pneumonia, unspecified organism'), snomed: c('233604007', 'Pneumonia'),
    prevalence: [0.5, 0.5, 1, 2], statusPhrases: ['fever, cough and focal crackles'],
  },
  uti: {
    key: 'uti', chronic: false,
    icd10: c('N39.0', 'Urinary tract infection, site not specified'), snomed: c('68566005', 'Urinary tract infectious disease'),
    prevalence: [0.5, 2, 1.5, 2], statusPhrases: ['dysuria and frequency for two days'],
  },
  strepThroat: {
    key: 'strepThroat', chronic: false,
    icd10: c('J02.0', 'Streptococcal pharyngitis'), snomed: c('43878008', 'Streptococcal sore throat'),
    prevalence: [3, 1, 0.3, 0.1], statusPhrases: ['sore throat, fever, positive rapid strep'],
  },
  otitisMedia: {
    key: 'otitisMedia', chronic: false,
    icd10: c('H66.90', 'Otitis media, unspecified, unspecified ear'), snomed: c('65363002', 'Otitis media'),
    prevalence: [4, 0.3, 0.1, 0.1], statusPhrases: ['ear pain and bulging tympanic membrane'],
  },
  ankleSprain: {
    key: 'ankleSprain', chronic: false,
    icd10: c('S93.401A', 'Sprain of unspecified ligament of right ankle, initial encounter'), snomed: c('44465007', 'Sprain of ankle'),
    prevalence: [1, 1.5, 0.7, 0.3], statusPhrases: ['inversion injury, able to bear weight'],
  },
  cellulitis: {
    key: 'cellulitis', chronic: false,
    icd10: c('L03.90', 'Cellulitis, unspecified'), snomed: c('128045006', 'Cellulitis'),
    prevalence: [0.3, 0.8, 1, 1.2], statusPhrases: ['spreading erythema of the lower leg'],
  },
  gastroenteritis: {
    key: 'gastroenteritis', chronic: false,
    icd10: c('A09', 'Infectious gastroenteritis and colitis, unspecified'), snomed: c('25374005', 'Gastroenteritis'),
    prevalence: [2, 1, 0.7, 0.7], statusPhrases: ['vomiting and diarrhea for a day, tolerating fluids'],
  },
  copdExacerbation: {
    key: 'copdExacerbation', chronic: false,
    icd10: c('J44.1', 'Chronic obstructive pulmonary disease with (acute) exacerbation'), snomed: c('195951007', 'Acute exacerbation of chronic obstructive airways disease'),
    prevalence: [0, 0, 0, 0], statusPhrases: ['increased dyspnea and sputum for three days'],
  },
  chestPain: {
    key: 'chestPain', chronic: false,
    icd10: c('R07.9', 'Chest pain, unspecified'), snomed: c('29857009', 'Chest pain'),
    prevalence: [0.1, 0.8, 1, 1], statusPhrases: ['atypical chest pain, troponin negative, ECG without acute change'],
  },
};

export const CHRONIC_KEYS: readonly ChronicKey[] = [
  'hypertension', 'hyperlipidemia', 'diabetes', 'prediabetes', 'ckd3', 'ckd4', 'asthma', 'copd', 'afib', 'heartFailure',
  'cad', 'hypothyroidism', 'depression', 'anxiety', 'gerd', 'osteoarthritis', 'obesity', 'migraine', 'allergicRhinitis',
  'adhd', 'atopicDermatitis', 'anemia', 'gout',
];

/** How a flare of a long-term problem presents, for the notes of emergency visits and admissions. */
export const EXACERBATION_PHRASES: Readonly<Partial<Record<ChronicKey, string>>> = {
  heartFailure: 'three days of worsening dyspnea, orthopnea and leg swelling',
  asthma: 'two days of wheeze and night cough after a viral illness',
  copd: 'increased dyspnea and sputum for three days',
  afib: 'palpitations and lightheadedness since this morning',
};

/** Problems a clinic or emergency visit may be about; inpatient stays use INPATIENT_ACUTE. */
export const OUTPATIENT_ACUTE: readonly AcuteKey[] = [
  'sinusitis', 'bronchitis', 'uti', 'strepThroat', 'otitisMedia', 'ankleSprain', 'cellulitis', 'gastroenteritis', 'chestPain',
];
export const INPATIENT_ACUTE: readonly AcuteKey[] = ['pneumonia', 'cellulitis', 'chestPain', 'uti', 'gastroenteritis'];

/** Index of the age band used by `prevalence`. */
export function ageBand(ageYears: number): 0 | 1 | 2 | 3 {
  if (ageYears < 18) return 0;
  if (ageYears < 45) return 1;
  if (ageYears < 65) return 2;
  return 3;
}

/** SNOMED encounter types and generic visit reasons (http://hl7.org/fhir/R4/encounter.html). */
export const ENCOUNTER_TYPE = {
  checkup: c('185349003', 'Encounter for check up'),
  wellChild: c('410620009', 'Well child visit'),
  followUp: c('390906007', 'Follow-up encounter'),
  problem: c('185345009', 'Encounter for symptom'),
  emergency: c('50849002', 'Emergency room admission'),
  inpatient: c('32485007', 'Hospital admission'),
} as const;
