/**
 * @lantern/core/orders: formulary search over the CDS knowledge base, medication and lab/imaging
 * order builders, the weight-based dose helper, the order status machine, and the CDS sign flow.
 */
export * from './formulary.ts';
export * from './dosage-vocabulary.ts';
export * from './medication-order.ts';
export * from './weight-dose.ts';
export * from './service-catalog.ts';
export * from './service-order.ts';
export * from './order-status.ts';
export * from './sign-flow.ts';
