export * from './protocol.ts';
export * from './merge.ts';
export * from './new-mutation.ts';
