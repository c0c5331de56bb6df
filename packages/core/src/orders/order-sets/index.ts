/** Order sets: cited, evidence-based groups of complete orders, drafted like any order and checked by CDS on sign. */
export * from './schema.ts';
export * from './guidelines.ts';
export * from './order-set-model.ts';
export { ORDER_SETS } from './order-sets.data.ts';
export { ORDER_SET_SENTENCES } from './order-set-sentences.data.ts';
