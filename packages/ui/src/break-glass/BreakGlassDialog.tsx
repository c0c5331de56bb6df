import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Alert, Button, Group, NativeSelect, Paper, Stack, Text, Textarea, Title, VisuallyHidden } from '@mantine/core';

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
  const whyNot = valid ? null : isOther ? 'Describe the reason (at least 10 characters).' : 'Choose a reason for emergency access.';
  return (
    <Paper role="dialog" aria-modal="true" aria-labelledby={`${id}-h`} aria-describedby={`${id}-d`} className="break-glass-dialog" shadow="md" p="lg" maw="40rem"
      style={{ borderLeft: '6px solid var(--lantern-critical-border)' }}
      onKeyDown={(e) => { if (e.key === 'Escape') onCancel(); }}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={2} id={`${id}-h`}>Emergency access (break-glass)</Title>
          <Text id={`${id}-d`} size="sm">
            Patient {patientLabel} is not in your care. Emergency access lets you read this chart for a limited time.
            It is recorded with your reason and reviewed by the privacy officer.
          </Text>
          <NativeSelect id={`${id}-r`} ref={first} label="Reason (required)" value={choice} required withAsterisk={false}
            error={error !== null && choice === '' ? true : undefined}
            onChange={(e) => { setChoice(e.currentTarget.value); setError(null); }}
            data={[{ value: '', label: '— choose a reason —' }, ...BREAK_GLASS_REASONS.map((r) => ({ value: r, label: r }))]} />
          <Textarea id={`${id}-t`} label={isOther ? 'Describe the reason (required)' : 'Details (optional)'} value={detail} maxLength={900}
            onChange={(e) => { setDetail(e.currentTarget.value); setError(null); }} />
          {durations !== undefined && durations.length > 0 && (
            <NativeSelect id={`${id}-m`} label="Access for" value={String(minutes ?? '')} onChange={(e) => setMinutes(Number(e.currentTarget.value))}
              data={durations.map((m) => ({ value: String(m), label: `${m} minutes` }))} />
          )}
          {error !== null && <Alert color="red" variant="light" role="alert" p="xs" styles={{ message: { color: 'var(--mantine-color-text)' } }}>{error}</Alert>}
          <Group gap="xs">
            {/* Stays clickable when incomplete: activating it says what is missing (and aria-describedby says so up front). */}
            <Button type="submit" color="red" variant={valid ? 'filled' : 'outline'} aria-disabled={!valid} aria-describedby={whyNot === null ? undefined : `${id}-why`}>
              Open chart with emergency access
            </Button>
            <Button variant="default" onClick={onCancel}>Cancel</Button>
          </Group>
          {whyNot !== null && <VisuallyHidden id={`${id}-why`}>{whyNot}</VisuallyHidden>}
        </Stack>
      </form>
    </Paper>
  );
}
