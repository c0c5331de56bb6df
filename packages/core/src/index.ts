export * from './result.ts';
export * from './errors.ts';
export * from './ids/index.ts';
export * from './fhir/index.ts';
export * from './sync/index.ts';
export * from './audit/index.ts';
export * from './policy/index.ts';
export * from './chart/index.ts';
