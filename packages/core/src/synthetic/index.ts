/**
 * Deterministic synthetic clinical data for Lantern's demo, tests and benchmarks. Everything is a
 * pure function of (seed, patient index): no clock, no global randomness, no I/O.
 */
export * from './rng.ts';
export * from './time.ts';
export * from './base64.ts';
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
export * from './record.ts';
