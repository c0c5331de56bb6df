export * from './result.ts';
export * from './errors.ts';
export * from './ids/index.ts';
export * from './fhir/index.ts';
