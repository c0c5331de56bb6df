/**
 * AllergyIntolerance resources (http://hl7.org/fhir/R4/allergyintolerance.html). A chart is in one
 * of three states a clinician must be able to tell apart: allergies recorded; "no known
 * allergies" recorded (an explicit NKA entry coded NO_KNOWN_ALLERGY); or nothing recorded at all.
 */
import type { AllergyIntolerance, Patient, Reference } from '../fhir/types.ts';
import { NO_KNOWN_ALLERGY, SYSTEM } from '../fhir/codes.ts';
import type { Rng } from './rng.ts';
import { ALLERGENS, ALLERGENS_BY_KEY, AVOID_WITH_ALLERGY, REACTIONS, type AllergenDef } from './allergies-catalog.ts';
import { ALLERGY_ACTIVE, ALLERGY_VERIFICATION, meta } from './fhir-builders.ts';
import type { Plan } from './plan.ts';
import { isoInstant } from './time.ts';

/** The heavy patient's allergies: a high-criticality penicillin allergy among them. */
const HEAVY_ALLERGENS = ['penicillin', 'sulfamethoxazole', 'latex', 'codeine'] as const;

export function chooseAllergens(rng: Rng, plan: Plan): AllergenDef[] {
  if (plan.allergyStatus !== 'has-allergies') return [];
  if (plan.heavy) return HEAVY_ALLERGENS.map((k) => ALLERGENS_BY_KEY.get(k) as AllergenDef);
  const n = rng.weighted([[1, 60], [2, 25], [3, 10], [4, 5]] as const);
  const chosen: AllergenDef[] = [];
  const left = [...ALLERGENS];
  for (let i = 0; i < n && left.length > 0; i++) {
    const pick = rng.weighted(left.map((a) => [a, a.weight] as const));
    chosen.push(pick);
    left.splice(left.indexOf(pick), 1);
  }
  return chosen;
}

/** Drug keys a patient with these allergies must not be prescribed. */
export function drugsToAvoid(allergens: readonly AllergenDef[]): Set<string> {
  const out = new Set<string>();
  for (const a of allergens) for (const k of AVOID_WITH_ALLERGY[a.key] ?? []) out.add(k);
  return out;
}

export function buildAllergies(rng: Rng, plan: Plan, allergens: readonly AllergenDef[], patientRef: Reference<Patient>): AllergyIntolerance[] {
  const visits = plan.visits;
  const firstVisit = visits[0];
  if (firstVisit === undefined || plan.allergyStatus === 'not-recorded') return [];
  if (plan.allergyStatus === 'nka') {
    return [{
      resourceType: 'AllergyIntolerance',
      id: rng.uuid(),
      meta: meta(firstVisit.startMs),
      clinicalStatus: ALLERGY_ACTIVE,
      verificationStatus: ALLERGY_VERIFICATION.confirmed,
      code: { coding: [{ ...NO_KNOWN_ALLERGY }], text: NO_KNOWN_ALLERGY.display },
      patient: patientRef,
      recordedDate: isoInstant(firstVisit.startMs),
      recorder: firstVisit.practitioner.reference,
    }];
  }
  return allergens.map((a) => {
    // Most allergies are taken at intake; some are discovered at a later visit.
    const visit = rng.chance(0.7) ? firstVisit : rng.pick(visits);
    const high = rng.chance(a.highCriticality);
    const manifestations = rng.sample(a.reactions.slice(0, 3), rng.int(1, 2));
    const severe = manifestations.includes('anaphylaxis') || manifestations.includes('angioedema');
    return {
      resourceType: 'AllergyIntolerance',
      id: rng.uuid(),
      meta: meta(visit.startMs),
      clinicalStatus: ALLERGY_ACTIVE,
      verificationStatus: rng.chance(0.85) ? ALLERGY_VERIFICATION.confirmed : ALLERGY_VERIFICATION.unconfirmed,
      type: a.type,
      category: [a.category],
      criticality: severe || high ? 'high' : rng.chance(0.05) ? 'unable-to-assess' : 'low',
      code: { coding: [{ system: a.system, code: a.code.code, display: a.code.display }], text: a.code.display },
      patient: patientRef,
      recordedDate: isoInstant(visit.startMs),
      recorder: visit.practitioner.reference,
      reaction: [{
        manifestation: manifestations.map((m) => ({ coding: [{ system: SYSTEM.snomed, code: REACTIONS[m].code, display: REACTIONS[m].display }], text: REACTIONS[m].display })),
        severity: severe ? 'severe' : high ? 'moderate' : rng.pick(['mild', 'moderate'] as const),
      }],
    };
  });
}
