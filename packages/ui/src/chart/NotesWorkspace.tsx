import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { LanternError, err, ok, type RecentLab, type Role, type VitalSign } from '@lantern/core';
import { buildObjectiveBlock, emptySoap, type Soap } from '@lantern/core/notes';
import { useApi } from '../api/ApiContext.tsx';
import type { NoteDraftBody, NoteItem, StoredNoteDraft } from '../api/ClinicalApi.ts';
import { errorMessage } from '../api/WorkstationApi.ts';
import { queryKeys } from '../api/queryKeys.ts';
import { formatDateTime } from '../format/format.ts';
import { NoteHistoryList } from '../notes/NoteHistoryList.tsx';
import { SignatureBadge } from '../notes/SignatureBadge.tsx';
import { SoapEditor } from '../notes/SoapEditor.tsx';
import { useNoteAutosave } from '../notes/useNoteAutosave.ts';

interface Editing {
  draftKey: string;
  /** The stored revision the editor continues from (the host refuses an older one). */
  baseRevision: number;
  body: NoteDraftBody;
  relatesToLabel?: string;
}

const writes = (role: Role) => role === 'physician' || role === 'nurse';

/**
 * Writing notes in the chart: resume an autosaved draft (after a crash too), start a new SOAP note,
 * sign with the password, add an addendum to a signed note. Signed notes show their signature as
 * verified by the host on every read.
 */
/** `vitals`/`labs`: the chart's latest, for "Insert today's vitals and labs" (only those from today go in). */
export function NotesWorkspace({ patientId, role, vitals = [], labs = [] }: { patientId: string; role: Role; vitals?: readonly VitalSign[]; labs?: readonly RecentLab[] }) {
  const api = useApi();
  const drafts = useQuery({ queryKey: queryKeys.noteDrafts(patientId), queryFn: () => api.notes.drafts(patientId), enabled: writes(role) });
  const signed = useQuery({ queryKey: queryKeys.signedNotes(patientId), queryFn: () => api.notes.list(patientId) });
  const [editing, setEditing] = useState<Editing | null>(null);

  const resume = (d: StoredNoteDraft) => setEditing({ draftKey: d.draftKey, baseRevision: d.revision, body: d.body, ...(d.body.relatesTo === undefined ? {} : { relatesToLabel: d.body.relatesTo.code === 'replaces' ? 'Amended version of a signed note' : 'Addendum to a signed note' }) });
  const start = (relatesTo?: NoteItem, code: 'appends' | 'replaces' = 'appends') => {
    if (relatesTo === undefined) {
      setEditing({ draftKey: crypto.randomUUID(), baseRevision: 0, body: { title: 'Progress note', soap: emptySoap() } });
      return;
    }
    const amend = code === 'replaces';
    setEditing({
      draftKey: crypto.randomUUID(), baseRevision: 0,
      // An amended version starts from the signed text; an addendum starts empty.
      body: { title: amend ? relatesTo.title : `Addendum: ${relatesTo.title}`, soap: amend ? { ...relatesTo.soap } : emptySoap(), relatesTo: { code, noteId: relatesTo.id } },
      relatesToLabel: `${amend ? 'Amended version of' : 'Addendum to'} ${relatesTo.title}, ${formatDateTime(relatesTo.date)}`,
    });
  };
  const histories = (signed.data?.histories ?? []).filter((h) => h.versions.length > 1);

  return (
    <section className="notes-workspace" aria-label="Write notes">
      {writes(role) && editing === null && (
        <div className="actions">
          <button type="button" onClick={() => start()}>New note</button>
          {(drafts.data ?? []).map((d) => (
            <button key={d.draftKey} type="button" onClick={() => resume(d)}>Resume draft: {d.body.title || 'Untitled'} (saved {formatDateTime(d.savedAt)})</button>
          ))}
        </div>
      )}
      {editing !== null && <NoteDraftEditor key={editing.draftKey} patientId={patientId} editing={editing} onDone={() => setEditing(null)} objective={() => todaysObjective(vitals, labs)} />}
      {signed.isError && <p role="alert" className="error">{errorMessage(signed.error)}</p>}
      {signed.data !== undefined && signed.data.notes.some((n) => n.signature !== 'unsigned') && (
        <>
          <h2>Signed notes</h2>
          <ul className="signed-notes" aria-label="Signed notes">
            {signed.data.notes.filter((n) => n.signature !== 'unsigned').slice(0, 20).map((n) => (
              <li key={n.id} id={`signed-note-${n.id}`} tabIndex={-1} className="card" data-testid="signed-note">
                <strong>{n.title}</strong> <span className="muted">{formatDateTime(n.date)} · {n.author} · {n.status}{n.relatesTo?.code === 'appends' ? ' · addendum' : ''}{n.pendingSync ? ' · not yet synced' : ''}</span>{' '}
                <SignatureBadge status={n.signature} />
                <div className="note-text">{n.soap.assessment}</div>
                {writes(role) && editing === null && n.relatesTo?.code !== 'appends' && (
                  <span className="actions">
                    <button type="button" onClick={() => start(n)} aria-label={`Add addendum to ${n.title}`}>Add addendum</button>
                    <button type="button" onClick={() => start(n, 'replaces')} aria-label={`Write amended version of ${n.title}`}>Write amended version</button>
                  </span>
                )}
              </li>
            ))}
          </ul>
          {histories.length > 0 && (
            <>
              <h3>Version history</h3>
              {histories.map((h) => (
                <div key={h.versions[0]?.note.id ?? h.current.id} data-testid="note-history">
                  <NoteHistoryList history={h} onOpen={(id) => document.getElementById(`signed-note-${id}`)?.focus()} />
                </div>
              ))}
            </>
          )}
        </>
      )}
    </section>
  );
}

function todaysObjective(vitals: readonly VitalSign[], labs: readonly RecentLab[]): string {
  const now = new Date();
  const from = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  return buildObjectiveBlock(vitals, labs, { from: from.toISOString(), to: now.toISOString() });
}

function NoteDraftEditor({ patientId, editing, onDone, objective }: { patientId: string; editing: Editing; onDone(): void; objective(): string }) {
  const api = useApi();
  const qc = useQueryClient();
  const id = useId();
  const [body, setBody] = useState<NoteDraftBody>(editing.body);
  const [confirming, setConfirming] = useState(false);
  const [password, setPassword] = useState('');
  const autosave = useNoteAutosave<NoteDraftBody>(async (value, revision) => {
    try {
      const r = await api.notes.saveDraft({ draftKey: editing.draftKey, patientId, body: value, revision: editing.baseRevision + revision });
      return ok({ savedAt: r.savedAt });
    } catch (e) {
      return err(new LanternError('UNAVAILABLE', errorMessage(e)));
    }
  });
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: queryKeys.noteDrafts(patientId) });
    void qc.invalidateQueries({ queryKey: queryKeys.signedNotes(patientId) });
    void qc.invalidateQueries({ queryKey: queryKeys.chart(patientId) });
  };
  const sign = useMutation({
    mutationFn: async () => {
      // Whatever is on screen is what gets signed: save it first.
      autosave.update(body);
      await autosave.flush();
      await autosave.flush();
      return api.notes.sign(editing.draftKey, password);
    },
    onSuccess: () => {
      refresh();
      onDone();
    },
  });
  const change = (next: { title: string; soap: Soap }) => {
    const b = { ...body, title: next.title, soap: next.soap };
    setBody(b);
    autosave.update(b);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (password !== '') sign.mutate();
  };
  const empty = Object.values(body.soap).every((s) => s.trim() === '');
  return (
    <div className="note-editor">
      <SoapEditor
        title={body.title} soap={body.soap} onChange={change} autosave={autosave.state} signed={false}
        onSign={() => setConfirming(true)}
        onInsertObjective={objective}
        {...(empty ? { signDisabledReason: 'Write at least one section before signing.' } : {})}
        {...(editing.relatesToLabel === undefined ? {} : { relatesToLabel: editing.relatesToLabel })}
      />
      {confirming && (
        <form className="card sign-confirm" onSubmit={submit} aria-label="Confirm signature">
          <p>Signing makes this note final. It cannot be changed afterwards, only added to.</p>
          <div className="field">
            <label htmlFor={`${id}-pw`}>Your password, to sign</label>
            <input id={`${id}-pw`} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} autoFocus />
          </div>
          {sign.isError && <p role="alert" className="error">{errorMessage(sign.error)}</p>}
          <div className="actions">
            <button type="submit" disabled={password === '' || sign.isPending}>{sign.isPending ? 'Signing…' : 'Confirm signature'}</button>
            <button type="button" onClick={() => setConfirming(false)}>Cancel</button>
          </div>
        </form>
      )}
      <div className="actions">
        <button type="button" onClick={() => { void autosave.flush().then(() => { refresh(); onDone(); }); }}>Close (keep draft)</button>
      </div>
    </div>
  );
}
