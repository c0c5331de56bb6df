/**
 * Issue 6's part of the workstation API: notes, orders with CDS, conflicts, break-glass. Structural
 * types only; the renderer's adapter is where the compiler checks them against the host router.
 */
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

export interface OrdersApi {
  cards(patientId: string, drafts: readonly DraftOrder[]): Promise<Card[]>;
  applySuggestion(patientId: string, drafts: readonly DraftOrder[], cardUuid: string, suggestionUuid: string): Promise<DraftOrder[]>;
  sign(patientId: string, drafts: readonly DraftOrder[], overrides: readonly { cardUuid: string; reasonCode: string }[]): Promise<{ orderIds: string[]; overridden: number }>;
  changeDose(patientId: string, orderId: string, dose: number): Promise<{ orderId: string; text: string }>;
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
