/** react-query keys, in one place so writes can invalidate exactly what they change. */
export const queryKeys = {
  session: ['session'] as const,
  sync: ['sync-status'] as const,
  mine: ['patients', 'mine'] as const,
  census: ['patients', 'census'] as const,
  search: (q: string) => ['patients', 'search', q] as const,
  chart: (id: string) => ['chart', id, 'open'] as const,
  lists: (id: string) => ['chart', id, 'lists'] as const,
  observations: (id: string) => ['chart', id, 'observations'] as const,
  note: (id: string, noteId: string) => ['chart', id, 'note', noteId] as const,
  noteDrafts: (id: string) => ['chart', id, 'note-drafts'] as const,
  signedNotes: (id: string) => ['chart', id, 'signed-notes'] as const,
  orderCards: (id: string, refs: string) => ['chart', id, 'order-cards', refs] as const,
  conflicts: ['conflicts'] as const,
  breakGlass: (id: string) => ['break-glass', id] as const,
  anyChart: (id: string) => ['chart', id] as const,
};
