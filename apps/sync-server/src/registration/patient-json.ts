/** Stored Patient JSON back to a typed Patient, validated (a row is a trust boundary too). */
import { resourceJson, validateResource, type Patient, type ResourceJson } from '@lantern/core';

export function patientFromJson(json: unknown): Patient | null {
  const v = validateResource(json, 'Patient');
  return v.ok ? v.value : null;
}

export const patientJson = (p: Patient): ResourceJson => resourceJson(p);
