/** @lantern/core/clinical-lists: allergies and problems (add, resolve/inactivate, entered-in-error) and the allergy re-check of active orders. */
export * from './allergy.ts';
export * from './problem.ts';
export * from './recheck-orders.ts';
