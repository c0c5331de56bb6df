/** The data shapes of the clinical feature APIs, for screens that import them from here; they live in ./features. */
export type { NoteDraftBody, NoteItem, NotesApi, StoredNoteDraft } from './features/notes-api.ts';
export type { KnowledgeBaseStatus, OrderChange, OrderChangePreview, OrderOverride, OrdersApi } from './features/orders-api.ts';
export type { OrderSetsApi, StoredOrderDrafts } from './features/order-sets-api.ts';
export type { ConflictChoice, ConflictsApi } from './features/conflicts-api.ts';
export type { BreakGlassApi } from './features/break-glass-api.ts';
export type { AllergiesApi } from './features/allergies-api.ts';
export type { ListChange, ProblemsApi } from './features/problems-api.ts';
