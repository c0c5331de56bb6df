import type { HostIn, HostOut } from '../host-contract.ts';

export type NoteDraftBody = HostIn['notes']['saveDraft']['body'];
export type StoredNoteDraft = HostOut['notes']['drafts'][number];
export type NoteItem = HostOut['notes']['list']['notes'][number];

/** notes.*: autosaved SOAP drafts, signing, and the signed notes with their history. */
export interface NotesApi {
  drafts(patientId: string): Promise<HostOut['notes']['drafts']>;
  saveDraft(input: HostIn['notes']['saveDraft']): Promise<HostOut['notes']['saveDraft']>;
  discardDraft(draftKey: string): Promise<HostOut['notes']['discardDraft']>;
  /** Signs the autosaved draft; the password confirms the signature and unlocks the user's key. */
  sign(draftKey: string, password: string): Promise<HostOut['notes']['sign']>;
  list(patientId: string): Promise<HostOut['notes']['list']>;
}
