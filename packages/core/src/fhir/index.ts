export * from './types.ts';
export * from './validate.ts';
export * from './codes.ts';
export * as schemas from './resources.ts';
