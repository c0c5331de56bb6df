import type { NoteHistory } from '@lantern/core/notes';

const KIND = { original: 'Original', amendment: 'Amended version', addendum: 'Addendum' } as const;

/** Version history: every version and addendum, the current one marked, superseded ones said so. */
export function NoteHistoryList({ history, onOpen }: { history: NoteHistory; onOpen(noteId: string): void }) {
  return (
    <ol className="note-history" aria-label="Note history">
      {history.versions.map((v) => (
        <li key={v.note.id}>
          <button type="button" className="link" onClick={() => onOpen(v.note.id ?? '')} aria-current={v.note.id === history.current.id ? 'true' : undefined}>
            {KIND[v.kind]} · {v.note.date ?? ''} · {v.signed ? 'signed' : 'draft'}
            {v.supersededBy !== null ? ' · superseded' : ''}{v.note.id === history.current.id ? ' · current' : ''}
          </button>
        </li>
      ))}
    </ol>
  );
}
