import { useEffect, useId, useRef, useState, type FormEvent } from 'react';

export const BREAK_GLASS_REASONS = [
  'Emergency treatment: patient cannot wait for normal access',
  'Covering for the patient\'s care team',
  'Patient transferred to my care, not yet assigned',
  'Other (describe below)',
] as const;

export interface BreakGlassDialogProps {
  /** Shown as who is being opened: an id or MRN, not a name (the user may not see the name yet). */
  patientLabel: string;
  /** Minutes offered for the grant; omitted = the server's policy decides (access.breakGlass, default 4 h) and `minutes` is null. */
  durations?: readonly number[];
  /** `reason` is at least 10 characters, as the server's access.breakGlass requires. */
  onConfirm(grant: { reason: string; minutes: number | null }): void;
  onCancel(): void;
}

/**
 * Break-glass (emergency access): a modal dialog that requires a reason before access is granted.
 * The grant is time-boxed, audited, and flagged for a privacy officer's review; the dialog says so.
 */
export function BreakGlassDialog({ patientLabel, durations, onConfirm, onCancel }: BreakGlassDialogProps) {
  const id = useId();
  const [choice, setChoice] = useState('');
  const [detail, setDetail] = useState('');
  const [minutes, setMinutes] = useState<number | null>(durations?.[0] ?? null);
  const [error, setError] = useState<string | null>(null);
  const first = useRef<HTMLSelectElement>(null);
  useEffect(() => first.current?.focus(), []);
  const isOther = choice === BREAK_GLASS_REASONS[3];
  const reason = isOther ? detail.trim() : choice === '' ? '' : `${choice}${detail.trim() === '' ? '' : `: ${detail.trim()}`}`;
  const valid = choice !== '' && (!isOther || detail.trim().length >= 10);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!valid) { setError(isOther ? 'Describe the reason (at least 10 characters).' : 'Choose a reason for emergency access.'); return; }
    onConfirm({ reason, minutes });
  };
  return (
    <div role="dialog" aria-modal="true" aria-labelledby={`${id}-h`} aria-describedby={`${id}-d`} className="card break-glass-dialog"
      onKeyDown={(e) => { if (e.key === 'Escape') onCancel(); }}>
      <form onSubmit={submit} noValidate>
        <h2 id={`${id}-h`}>Emergency access (break-glass)</h2>
        <p id={`${id}-d`}>
          Patient {patientLabel} is not in your care. Emergency access lets you read this chart for a limited time.
          It is recorded with your reason and reviewed by the privacy officer.
        </p>
        <div className="field">
          <label htmlFor={`${id}-r`}>Reason (required)</label>
          <select id={`${id}-r`} ref={first} value={choice} required aria-invalid={error !== null && choice === ''} onChange={(e) => { setChoice(e.target.value); setError(null); }}>
            <option value="">— choose a reason —</option>
            {BREAK_GLASS_REASONS.map((r) => <option key={r} value={r}>{r}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-t`}>{isOther ? 'Describe the reason (required)' : 'Details (optional)'}</label>
          <textarea id={`${id}-t`} value={detail} maxLength={900} onChange={(e) => { setDetail(e.target.value); setError(null); }} />
        </div>
        {durations !== undefined && durations.length > 0 && (
          <div className="field">
            <label htmlFor={`${id}-m`}>Access for</label>
            <select id={`${id}-m`} value={minutes ?? ''} onChange={(e) => setMinutes(Number(e.target.value))}>
              {durations.map((m) => <option key={m} value={m}>{m} minutes</option>)}
            </select>
          </div>
        )}
        {error !== null && <p className="error" role="alert">{error}</p>}
        <div className="actions">
          <button type="submit" aria-disabled={!valid}>Open chart with emergency access</button>
          <button type="button" onClick={onCancel}>Cancel</button>
        </div>
      </form>
    </div>
  );
}
