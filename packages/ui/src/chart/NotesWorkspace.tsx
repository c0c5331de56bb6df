import { useState, type FormEvent } from 'react';
import { Button, Group, NativeSelect, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { LanternError, err, ok, type ChartSummary, type RecentLab, type Role, type VitalSign } from '@lantern/core';
import { buildObjectiveBlock, emptySoap, type Soap } from '@lantern/core/notes';
import { applyNoteTemplate, NOTE_TEMPLATE_IDS, NOTE_TEMPLATES, type NoteTemplateId, type TemplateChart } from '@lantern/core/notes/templates';
import { ErrorState } from '../design/ErrorState.tsx';
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
  templateLabel?: string;
}

/** The picker's choices: a blank SOAP note, or one of core's templates. */
type Choice = 'blank' | NoteTemplateId;
const CHOICES: { value: Choice; label: string }[] = [
  { value: 'blank', label: 'Blank SOAP note' },
  ...NOTE_TEMPLATE_IDS.map((t) => ({ value: t, label: NOTE_TEMPLATES[t].label })),
];
const isChoice = (v: string): v is Choice => CHOICES.some((c) => c.value === v);

/** What templates insert, from the open chart (times written in this workstation's local time). */
function templateChart(summary: ChartSummary | undefined, vitals: readonly VitalSign[], labs: readonly RecentLab[]): TemplateChart {
  return {
    vitals: summary?.latestVitals ?? vitals, labs: summary?.recentLabs ?? labs,
    medications: summary?.activeMedications ?? [], allergies: summary?.allergies ?? [],
    allergyStatus: summary?.banner.allergyStatus ?? 'not-recorded', problems: summary?.activeProblems ?? [],
  };
}

const writes = (role: Role) => role === 'physician' || role === 'nurse';

/**
 * Writing notes in the chart: resume an autosaved draft (after a crash too), start a new SOAP note,
 * sign with the password, add an addendum to a signed note. Signed notes show their signature as
 * verified by the host on every read.
 */
/**
 * `vitals`/`labs`: the chart's latest, for "Insert today's vitals and labs" (only those from today go in).
 * `summary`: the open chart, for templates' insertions (medications, allergies, problems too).
 */
export function NotesWorkspace({ patientId, role, vitals = [], labs = [], summary }: {
  patientId: string; role: Role; vitals?: readonly VitalSign[]; labs?: readonly RecentLab[]; summary?: ChartSummary;
}) {
  const api = useApi();
  const drafts = useQuery({ queryKey: queryKeys.noteDrafts(patientId), queryFn: () => api.notes.drafts(patientId), enabled: writes(role) });
  const signed = useQuery({ queryKey: queryKeys.signedNotes(patientId), queryFn: () => api.notes.list(patientId) });
  const [editing, setEditing] = useState<Editing | null>(null);
  const [choice, setChoice] = useState<Choice>('blank');

  const resume = (d: StoredNoteDraft) => setEditing({ draftKey: d.draftKey, baseRevision: d.revision, body: d.body, ...(d.body.relatesTo === undefined ? {} : { relatesToLabel: d.body.relatesTo.code === 'replaces' ? 'Amended version of a signed note' : 'Addendum to a signed note' }) });
  const start = (relatesTo?: NoteItem, code: 'appends' | 'replaces' = 'appends') => {
    if (relatesTo === undefined) {
      if (choice === 'blank') {
        setEditing({ draftKey: crypto.randomUUID(), baseRevision: 0, body: { title: 'Progress note', soap: emptySoap() } });
        return;
      }
      // The template's chart facts become ordinary text the clinician edits before signing.
      const body = applyNoteTemplate(choice, templateChart(summary, vitals, labs), { formatWhen: formatDateTime });
      setEditing({ draftKey: crypto.randomUUID(), baseRevision: 0, body, templateLabel: `${NOTE_TEMPLATES[choice].label}: chart facts below were inserted as text; check and edit them before signing.` });
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
    <Stack component="section" className="notes-workspace" aria-label="Write notes" gap="md">
      {writes(role) && editing === null && (
        <Group align="flex-end" gap="sm">
          <NativeSelect label="Template" data={CHOICES} value={choice} onChange={(e) => { const v = e.currentTarget.value; if (isChoice(v)) setChoice(v); }} w={240} />
          <Button onClick={() => start()}>New note</Button>
          {(drafts.data ?? []).map((d) => (
            <Button key={d.draftKey} variant="default" onClick={() => resume(d)}>Resume draft: {d.body.title || 'Untitled'} (saved {formatDateTime(d.savedAt)})</Button>
          ))}
        </Group>
      )}
      {editing !== null && <NoteDraftEditor key={editing.draftKey} patientId={patientId} editing={editing} onDone={() => setEditing(null)} objective={() => todaysObjective(vitals, labs)} />}
      {signed.isError && <ErrorState message={errorMessage(signed.error)} />}
      {signed.data !== undefined && signed.data.notes.some((n) => n.signature !== 'unsigned') && (
        <>
          <Title order={2}>Signed notes</Title>
          <Stack component="ul" gap="xs" className="signed-notes" aria-label="Signed notes" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {signed.data.notes.filter((n) => n.signature !== 'unsigned').slice(0, 20).map((n) => (
              <Paper component="li" withBorder p="sm" key={n.id} id={`signed-note-${n.id}`} tabIndex={-1} data-testid="signed-note">
                <strong>{n.title}</strong> <span className="muted">{formatDateTime(n.date)} · {n.author} · {n.status}{n.relatesTo?.code === 'appends' ? ' · addendum' : ''}{n.pendingSync ? ' · not yet synced' : ''}</span>{' '}
                <SignatureBadge status={n.signature} />
                <div className="note-text">{n.soap.assessment}</div>
                {writes(role) && editing === null && n.relatesTo?.code !== 'appends' && (
                  <Group gap="xs" mt={6}>
                    <Button size="xs" variant="default" onClick={() => start(n)} aria-label={`Add addendum to ${n.title}`}>Add addendum</Button>
                    <Button size="xs" variant="default" onClick={() => start(n, 'replaces')} aria-label={`Write amended version of ${n.title}`}>Write amended version</Button>
                  </Group>
                )}
              </Paper>
            ))}
          </Stack>
          {histories.length > 0 && (
            <>
              <Title order={3}>Version history</Title>
              {histories.map((h) => (
                <div key={h.versions[0]?.note.id ?? h.current.id} data-testid="note-history">
                  <NoteHistoryList history={h} onOpen={(id) => document.getElementById(`signed-note-${id}`)?.focus()} />
                </div>
              ))}
            </>
          )}
        </>
      )}
    </Stack>
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
    <Stack className="note-editor" gap="sm">
      <SoapEditor
        title={body.title} soap={body.soap} onChange={change} autosave={autosave.state} signed={false}
        onSign={() => setConfirming(true)}
        onInsertObjective={objective}
        {...(empty ? { signDisabledReason: 'Write at least one section before signing.' } : {})}
        {...(editing.relatesToLabel === undefined ? {} : { relatesToLabel: editing.relatesToLabel })}
        {...(editing.templateLabel === undefined ? {} : { templateLabel: editing.templateLabel })}
      />
      {confirming && (
        <Paper component="form" withBorder p="md" className="sign-confirm" onSubmit={submit} aria-label="Confirm signature">
          <Stack gap="sm">
            <Text>Signing makes this note final. It cannot be changed afterwards, only added to.</Text>
            <PasswordInput label="Your password, to sign" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} autoFocus w={320} />
            {sign.isError && <ErrorState message={errorMessage(sign.error)} />}
            <Group gap="sm">
              <Button type="submit" disabled={password === '' || sign.isPending}>{sign.isPending ? 'Signing…' : 'Confirm signature'}</Button>
              <Button variant="default" onClick={() => setConfirming(false)}>Cancel</Button>
            </Group>
          </Stack>
        </Paper>
      )}
      <Group>
        <Button variant="default" onClick={() => { void autosave.flush().then(() => { refresh(); onDone(); }); }}>Close (keep draft)</Button>
      </Group>
    </Stack>
  );
}
