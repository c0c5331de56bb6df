import { useId } from 'react';
import { SOAP_LABELS, SOAP_SECTIONS, type AutosaveState, type NoteSignatureStatus, type Soap, type SoapSection } from '@lantern/core/notes';
import { AutosaveIndicator } from './AutosaveIndicator.tsx';
import { SignatureBadge } from './SignatureBadge.tsx';

export interface SoapEditorProps {
  title: string;
  soap: Soap;
  onChange(next: { title: string; soap: Soap }): void;
  autosave: Pick<AutosaveState, 'status' | 'lastSavedAt' | 'error'>;
  /** Signed notes are shown read-only; changes go in an addendum or an amended version. */
  signed: boolean;
  signature?: { status: NoteSignatureStatus; signedBy?: string; signedAt?: string };
  /** Returns the Objective block (today's vitals and labs) to insert. */
  onInsertObjective?(): string;
  onSign?(): void;
  /** Why signing is not possible yet (shown beside the button), or undefined. */
  signDisabledReason?: string;
  onAddendum?(): void;
  onAmend?(): void;
  /** e.g. "Addendum to Clinic visit, 01 Jun 2025" */
  relatesToLabel?: string;
}

/** The SOAP note editor: four labelled sections, autosave status, sign, and the signature badge. */
export function SoapEditor(p: SoapEditorProps) {
  const id = useId();
  const set = (section: SoapSection, text: string) => p.onChange({ title: p.title, soap: { ...p.soap, [section]: text } });
  const insertObjective = () => {
    if (p.onInsertObjective === undefined) return;
    const block = p.onInsertObjective();
    set('objective', p.soap.objective.trim() === '' ? block : `${p.soap.objective.trimEnd()}\n${block}`);
  };
  return (
    <form className="card soap-editor" aria-labelledby={`${id}-h`} onSubmit={(e) => { e.preventDefault(); if (p.signDisabledReason === undefined) p.onSign?.(); }}>
      <div className="section-head">
        <h2 id={`${id}-h`}>{p.signed ? 'Signed note' : 'Note'}</h2>
        {p.signature !== undefined && <SignatureBadge {...p.signature} />}
      </div>
      {p.relatesToLabel !== undefined && <p className="muted">{p.relatesToLabel}</p>}
      {p.signed && <p className="muted">A signed note cannot be changed. Add an addendum, or write an amended version.</p>}
      <div className="field">
        <label htmlFor={`${id}-title`}>Title</label>
        <input id={`${id}-title`} value={p.title} readOnly={p.signed} onChange={(e) => p.onChange({ title: e.target.value, soap: p.soap })} />
      </div>
      {SOAP_SECTIONS.map((s) => (
        <div className="field" key={s}>
          <label htmlFor={`${id}-${s}`}>{SOAP_LABELS[s]}</label>
          <textarea id={`${id}-${s}`} rows={s === 'objective' || s === 'subjective' ? 5 : 4} value={p.soap[s]} readOnly={p.signed} onChange={(e) => set(s, e.target.value)} />
          {s === 'objective' && !p.signed && p.onInsertObjective !== undefined && (
            <button type="button" onClick={insertObjective}>Insert today's vitals and labs</button>
          )}
        </div>
      ))}
      {!p.signed && <AutosaveIndicator state={p.autosave} />}
      <div className="actions">
        {!p.signed && p.onSign !== undefined && (
          <>
            <button type="submit" aria-disabled={p.signDisabledReason !== undefined} aria-describedby={p.signDisabledReason === undefined ? undefined : `${id}-why`}>Sign note</button>
            {p.signDisabledReason !== undefined && <span id={`${id}-why`} className="muted">{p.signDisabledReason}</span>}
          </>
        )}
        {p.signed && p.onAddendum !== undefined && <button type="button" onClick={p.onAddendum}>Add addendum</button>}
        {p.signed && p.onAmend !== undefined && <button type="button" onClick={p.onAmend}>Write amended version</button>}
      </div>
    </form>
  );
}
