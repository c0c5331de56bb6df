/**
 * How dangerous a recorded allergy is, from FHIR R4 AllergyIntolerance.criticality, type and
 * reaction (https://hl7.org/fhir/R4/allergyintolerance.html): anaphylaxis, angioedema,
 * bronchospasm or a severe cutaneous reaction (SJS/TEN, DRESS) is high risk whatever the
 * criticality; a rash or urticaria is moderate; a non-immune intolerance (nausea, diarrhoea) or a
 * low criticality is low. The drug-allergy rule grades its cards from this and from how close the
 * ordered drug is to the allergen (Khan DA et al., Drug allergy practice parameter 2022).
 */
import type { AllergyIntolerance, CodeableConcept } from '../fhir/types.ts';

export type AllergyRisk = 'high' | 'moderate' | 'low';

const SNOMED = 'http://snomed.info/sct';
/** SNOMED CT reaction findings (from the curator's knowledge of SNOMED CT; not cross-checked). */
const SEVERE = new Set([
  '39579001', // anaphylaxis
  '41291007', // angioedema
  '4386001', // bronchospasm
  '73442001', // Stevens-Johnson syndrome
  '23067006', // toxic epidermal necrolysis
]);
const SEVERE_TEXT = /anaphyla|angio-?edema|bronchospasm|stevens|johnson|epidermal necrolysis|\bsjs\b|\bdress\b|throat (swelling|closing)/i;
const INTOLERANCE = new Set([
  '422587007', // nausea
  '422400008', // vomiting
  '62315008', // diarrhea
  '21522001', // abdominal pain
  '25064002', // headache
  '404640003', // dizziness
  '271782001', // drowsiness
]);
const INTOLERANCE_TEXT = /nause|vomit|diarrh|upset stomach|stomach upset|\bgi\b|abdominal pain|headache|dizz|drows|constipat/i;

const isSevere = (m: CodeableConcept): boolean =>
  (m.coding ?? []).some((c) => c.system === SNOMED && SEVERE.has(c.code ?? '')) || SEVERE_TEXT.test(m.text ?? m.coding?.[0]?.display ?? '');
const isIntolerance = (m: CodeableConcept): boolean =>
  (m.coding ?? []).some((c) => c.system === SNOMED && INTOLERANCE.has(c.code ?? '')) || INTOLERANCE_TEXT.test(m.text ?? m.coding?.[0]?.display ?? '');

export interface RiskAssessment {
  risk: AllergyRisk;
  /** Why, in words for the card ("anaphylaxis recorded", "criticality low, intolerance"). */
  why: string;
}

export function allergyRisk(a: AllergyIntolerance): RiskAssessment {
  const manifestations = (a.reaction ?? []).flatMap((r) => r.manifestation);
  const severe = manifestations.find(isSevere);
  if (severe !== undefined) return { risk: 'high', why: `${severe.text ?? severe.coding?.[0]?.display ?? 'a severe reaction'} recorded` };
  if ((a.reaction ?? []).some((r) => r.severity === 'severe')) return { risk: 'high', why: 'a severe reaction recorded' };
  if (a.criticality === 'high') return { risk: 'high', why: 'criticality high' };
  const onlyIntolerance = manifestations.length > 0 && manifestations.every(isIntolerance);
  if (a.criticality === 'low') return { risk: 'low', why: `criticality low${onlyIntolerance ? ', intolerance only' : ''}` };
  if (a.type === 'intolerance' || onlyIntolerance) return { risk: 'low', why: 'an intolerance, not an allergy' };
  return { risk: 'moderate', why: manifestations.length > 0 ? 'a non-severe reaction recorded' : 'reaction and criticality not recorded' };
}
