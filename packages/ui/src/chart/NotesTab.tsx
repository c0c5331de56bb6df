import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { NoteListItem } from '@lantern/core';
import { useApi } from '../api/ApiContext.tsx';
import { errorMessage } from '../api/WorkstationApi.ts';
import { queryKeys } from '../api/queryKeys.ts';
import { formatDateTime } from '../format/format.ts';
import { PendingMarker } from '../format/Pending.tsx';

/** Newest first; long histories show a page at a time so the tab opens at once. */
const PAGE = 50;

export function NotesTab({ patientId, notes }: { patientId: string; notes: NoteListItem[] }) {
  const [selected, setSelected] = useState<string | null>(notes[0]?.id ?? null);
  const [limit, setLimit] = useState(PAGE);
  if (notes.length === 0) return <p className="muted">No notes.</p>;
  return (
    <div className="notes">
      <ul className="note-list" aria-label="Notes">
        {notes.slice(0, limit).map((n) => (
          <li key={n.id}>
            <button type="button" aria-current={n.id === selected} onClick={() => setSelected(n.id)}>
              <strong>{n.title}</strong> <span className="muted">{formatDateTime(n.date)} · {n.author} · {n.status}</span>
              <PendingMarker pending={n.pendingSync} />
            </button>
          </li>
        ))}
        {notes.length > limit && (
          <li>
            <button type="button" className="link" onClick={() => setLimit(limit + PAGE)}>
              Show {Math.min(PAGE, notes.length - limit)} more of {notes.length - limit} older notes
            </button>
          </li>
        )}
      </ul>
      {selected !== null && <NoteReader patientId={patientId} noteId={selected} />}
    </div>
  );
}

function NoteReader({ patientId, noteId }: { patientId: string; noteId: string }) {
  const api = useApi();
  const q = useQuery({ queryKey: queryKeys.note(patientId, noteId), queryFn: () => api.chart.note(patientId, noteId) });
  if (q.isError) return <p role="alert" className="error">{errorMessage(q.error)}</p>;
  if (q.data === undefined) return <p className="muted">Loading note…</p>;
  return (
    <article className="note-reader" aria-labelledby="note-title">
      <h2 id="note-title">{q.data.title}</h2>
      <p className="muted">{formatDateTime(q.data.date)} · {q.data.author} · {q.data.status}</p>
      <div className="note-text">{q.data.text}</div>
    </article>
  );
}
