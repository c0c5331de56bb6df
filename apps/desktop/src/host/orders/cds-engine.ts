/**
 * Everything of the host that needs the CDS knowledge base (about half of the host's code, most of it
 * the kb's data tables), in one module that is imported only through load-cds-engine.ts. Nothing
 * before the order screens needs it, so the host answers sign-in and the chart without loading it.
 * Add here, never to a static import of a start-up module, any host code that reaches the kb.
 */
export { defaultKnowledgeBase } from '@lantern/core/cds';
export { applySuggestion, prepareSelect, prepareSign, searchFormulary } from '@lantern/core/orders';
export { recheckActiveOrders } from '@lantern/core/clinical-lists';
export { previewOrderSet, signOrderSet } from './sign-order-set.ts';
