import type { WorkstationApi } from '@lantern/ui';
import type { HostClient } from '../host-client.ts';
import { call } from '../api-call.ts';

export const notesApi = (c: HostClient): WorkstationApi['notes'] => ({
  drafts: call((patientId: string) => c.notes.drafts.query({ patientId })),
  saveDraft: call((input) => c.notes.saveDraft.mutate(input)),
  discardDraft: call((draftKey: string) => c.notes.discardDraft.mutate({ draftKey })),
  sign: call((draftKey: string, password: string) => c.notes.sign.mutate({ draftKey, password })),
  list: call((patientId: string) => c.notes.list.query({ patientId })),
});
