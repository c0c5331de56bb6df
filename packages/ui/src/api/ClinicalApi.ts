/**
 * The clinical part of the workstation API: notes, orders with CDS, conflicts, break-glass. Structural
 * types only; the renderer's adapter is where the compiler checks them against the host router.
 */
import type { MedicationRequest } from '@lantern/core';
import type { Card, DraftOrder } from '@lantern/core/cds';
import type { ConflictView } from '@lantern/core/conflicts';
import type { NoteHistory, NoteSignatureStatus, Soap } from '@lantern/core/notes';
import type { OrderStatus } from '@lantern/core/orders';
import type { ConflictChoice } from '../conflicts/ConflictsInbox.tsx';

export interface NoteDraftBody {
  title: string;
  soap: Soap;
  relatesTo?: { code: 'appends' | 'replaces'; noteId: string };
  encounterId?: string;
}

export interface StoredNoteDraft {
  draftKey: string;
  patientId: string;
  body: NoteDraftBody;
  revision: number;
  savedAt: string;
}

export interface NoteItem {
  id: string;
  title: string;
  date: string;
  author: string;
  status: string;
  soap: Soap;
  signature: NoteSignatureStatus;
  relatesTo: { code: string; noteId: string } | null;
  pendingSync: boolean;
}

export interface NotesApi {
  drafts(patientId: string): Promise<StoredNoteDraft[]>;
  saveDraft(input: { draftKey: string; patientId: string; body: NoteDraftBody; revision: number }): Promise<{ saved: boolean; savedAt: string }>;
  discardDraft(draftKey: string): Promise<boolean>;
  /** Signs the autosaved draft; the password confirms the signature and unlocks the user's key. */
  sign(draftKey: string, password: string): Promise<{ noteId: string; provenanceId: string; keyId: string }>;
  list(patientId: string): Promise<{ notes: NoteItem[]; histories: NoteHistory[] }>;
}

/** The CDS knowledge base against the host's clock (core knowledgeBaseStatus): stale past its review-by date. */
export interface KnowledgeBaseStatus {
  version: string;
  reviewBy: string;
  stale: boolean;
}

/** A change of a held medication order that goes through the sign flow. */
export type OrderChange = { kind: 'dose'; dose: number } | { kind: 'reactivate' };

export interface OrderOverride {
  cardUuid: string;
  reasonCode: string;
  comment?: string;
}

/** The changed order as it would be signed, its cards, and what no override reason can fix (hard stops, missing fields). */
export interface OrderChangePreview {
  order: MedicationRequest;
  cards: Card[];
  canSign: boolean;
  refusals: { path: string; message: string }[];
}

export interface OrdersApi {
  knowledgeBase(): Promise<KnowledgeBaseStatus>;
  cards(patientId: string, drafts: readonly DraftOrder[]): Promise<Card[]>;
  applySuggestion(patientId: string, drafts: readonly DraftOrder[], cardUuid: string, suggestionUuid: string): Promise<DraftOrder[]>;
  /** Signs new orders; the password confirms the signature. */
  sign(patientId: string, drafts: readonly DraftOrder[], overrides: readonly OrderOverride[], password: string): Promise<{ orderIds: string[]; overridden: number }>;
  previewChange(patientId: string, orderId: string, change: OrderChange): Promise<OrderChangePreview>;
  /** Signs a dose change or a re-activation through the same flow as a new order. */
  signChange(patientId: string, orderId: string, change: OrderChange, overrides: readonly OrderOverride[], password: string): Promise<{ orderId: string; status: string; text: string; overridden: number }>;
  setStatus(patientId: string, orderId: string, to: OrderStatus, reason?: string): Promise<{ orderId: string; status: string }>;
}

export interface ConflictsApi {
  list(patientId: string | null): Promise<ConflictView[]>;
  resolve(conflictId: string, choice: ConflictChoice): Promise<{ mutationId: string | null }>;
}

export interface BreakGlassApi {
  request(patientId: string, reason: string): Promise<{ grantId: string; expiresAt: string }>;
  /** `ready`: the chart has arrived in the local store. */
  active(patientId: string): Promise<{ grantId: string; expiresAt: string; ready: boolean } | null>;
}

export interface AllergiesApi {
  /** Records the allergy and returns the drug-allergy cards it raises against the patient's active orders. */
  add(input: { patientId: string; substance: { kind: 'ingredient'; rxcui: string; name: string } | { kind: 'text'; text: string }; criticality: 'low' | 'high' | 'unable-to-assess'; reaction?: string }): Promise<{ allergyId: string; cards: Card[] }>;
}

export type ListChange = 'resolved' | 'inactive' | 'active' | 'entered-in-error';

export interface ProblemsApi {
  add(input: { patientId: string; system: 'icd10cm' | 'snomed'; code: string; display: string; onset?: string }): Promise<{ problemId: string }>;
  /** A problem or an allergy resolved, inactive, active again, or entered in error (reason required for that). */
  change(input: { patientId: string; id: string; kind: 'problem' | 'allergy'; change: ListChange; reason?: string }): Promise<{ id: string }>;
}
