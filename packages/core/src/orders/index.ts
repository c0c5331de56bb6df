/**
 * @lantern/core/orders: formulary search over the CDS knowledge base, medication and lab/imaging
 * order builders, the weight-based dose helper, the order status machine, the CDS sign flow, and
 * the medication gate every medication-changing write passes (overrides carried on the order,
 * re-checked by the server).
 */
export * from './formulary.ts';
export * from './dosage-vocabulary.ts';
export * from './medication-order.ts';
export * from './weight-dose.ts';
export * from './service-catalog.ts';
export * from './service-order.ts';
export * from './order-status.ts';
export * from './sign-flow.ts';
export * from './cds-override.ts';
export * from './medication-change.ts';
export * from './dosage-change.ts';
export * from './medication-gate.ts';
export * from './order-sets/index.ts';
