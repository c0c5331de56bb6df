export * from './event.ts';
export * from './hash-chain.ts';
