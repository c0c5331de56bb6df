import { useId, type ChangeEvent } from 'react';
import { Button, Group, Input, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { SOAP_LABELS, SOAP_SECTIONS, type AutosaveState, type NoteSignatureStatus, type Soap, type SoapSection } from '@lantern/core/notes';
import { DisabledReason } from '../design/DisabledReason.tsx';
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
  /** e.g. "From the History and physical template: chart facts below are editable text" */
  templateLabel?: string;
}

/**
 * The SOAP note editor: four labelled sections, autosave status, sign, and the signature badge.
 * Text a template inserted from the chart is ordinary section text: the clinician edits it freely.
 */
export function SoapEditor(p: SoapEditorProps) {
  const id = useId();
  const set = (section: SoapSection, text: string) => p.onChange({ title: p.title, soap: { ...p.soap, [section]: text } });
  const insertObjective = () => {
    if (p.onInsertObjective === undefined) return;
    const block = p.onInsertObjective();
    set('objective', p.soap.objective.trim() === '' ? block : `${p.soap.objective.trimEnd()}\n${block}`);
  };
  return (
    <Paper component="form" withBorder p="md" className="soap-editor" aria-labelledby={`${id}-h`}
      onSubmit={(e) => { e.preventDefault(); if (p.signDisabledReason === undefined) p.onSign?.(); }}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Title order={2} id={`${id}-h`}>{p.signed ? 'Signed note' : 'Note'}</Title>
          {p.signature !== undefined && <SignatureBadge {...p.signature} />}
        </Group>
        {p.relatesToLabel !== undefined && <Text c="dimmed" size="sm">{p.relatesToLabel}</Text>}
        {p.templateLabel !== undefined && <Text c="dimmed" size="sm" data-testid="note-template-label">{p.templateLabel}</Text>}
        {p.signed && <Text c="dimmed" size="sm">A signed note cannot be changed. Add an addendum, or write an amended version.</Text>}
        <TextInput label="Title" value={p.title} readOnly={p.signed} onChange={(e) => p.onChange({ title: e.currentTarget.value, soap: p.soap })} />
        {SOAP_SECTIONS.map((s) => (
          <Stack gap={4} key={s}>
            {/* A plain textarea in Mantine's field wrapper: the autosizing Textarea needs browser font events jsdom lacks. */}
            <Input.Wrapper label={SOAP_LABELS[s]} id={`${id}-${s}`}>
              <Input component="textarea" id={`${id}-${s}`} rows={s === 'objective' || s === 'subjective' ? 7 : 5} value={p.soap[s]} readOnly={p.signed}
                onChange={(e: ChangeEvent<HTMLTextAreaElement>) => set(s, e.currentTarget.value)} styles={{ input: { height: 'auto', paddingBlock: 8, lineHeight: 1.45 } }} />
            </Input.Wrapper>
            {s === 'objective' && !p.signed && p.onInsertObjective !== undefined && (
              <Group><Button variant="default" size="xs" onClick={insertObjective}>Insert today's vitals and labs</Button></Group>
            )}
          </Stack>
        ))}
        {!p.signed && <AutosaveIndicator state={p.autosave} />}
        <Group gap="sm">
          {!p.signed && p.onSign !== undefined && (
            <DisabledReason reason={p.signDisabledReason ?? null}>
              <Button type="submit">Sign note</Button>
            </DisabledReason>
          )}
          {p.signed && p.onAddendum !== undefined && <Button variant="default" onClick={p.onAddendum}>Add addendum</Button>}
          {p.signed && p.onAmend !== undefined && <Button variant="default" onClick={p.onAmend}>Write amended version</Button>}
        </Group>
      </Stack>
    </Paper>
  );
}
