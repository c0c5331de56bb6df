/**
 * Deterministic synthetic clinical data for Lantern's demo, tests and benchmarks. Everything is a
 * pure function of (seed, patient index[, now]): no clock, no global randomness, no I/O.
 *
 *   import { generatePatients, generatePractitioners, PRACTITIONER_POOL_SIZE } from '@lantern/core/synthetic';
 *   const practitioners = generatePractitioners(seed, PRACTITIONER_POOL_SIZE); // all that patients reference
 *   for (const rec of generatePatients({ seed, count: 10_000 })) store(rec.patient, rec.resources);
 *
 * - `generatePatient({ seed, index })` builds one chart alone (patient 73,000 without the others).
 * - `generatePatients` makes patient `heavyIndex` (default 0; null for none) the heavy chart.
 * - `generatePatientOnly` / `generatePatientsOnly` give just the Patient (microseconds each) and
 *   equal the full record's Patient; pass `heavy: true` for the heavy index (its age differs).
 * - Notes are DocumentReference (LOINC 11506-3), text/plain UTF-8 in base64: `decodeBase64Utf8`.
 */
export * from './rng.ts';
export * from './time.ts';
export * from '../fhir/base64.ts';
export * from './mrn.ts';
export * from './names.ts';
export * from './conditions-catalog.ts';
export * from './medications-catalog.ts';
export * from './allergies-catalog.ts';
export * from './observations-catalog.ts';
export * from './practitioners.ts';
export * from './patient.ts';
export * from './plan.ts';
export * from './allergies.ts';
export * from './medications.ts';
export * from './physiology.ts';
export * from './observations.ts';
export * from './notes.ts';
export * from './admission.ts';
export * from './record.ts';
