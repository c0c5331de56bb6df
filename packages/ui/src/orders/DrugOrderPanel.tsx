import { useState } from 'react';
import { Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { defaultKnowledgeBase } from '@lantern/core/cds';
import { doseSentencesFor, sigText, type FormularyEntry } from '@lantern/core/orders';
import { MedicationOrderForm, type MedicationOrderValues } from './MedicationOrderForm.tsx';

export interface DrugOrderPanelProps {
  drug: FormularyEntry;
  patient: { weightKg: number | null; ageYears: number | null };
  /** Builds the draft; returns field issues, or null when it joined the basket. */
  onAdd(values: MedicationOrderValues): readonly { path: string; message: string }[] | null;
  onCancel(): void;
}

const FORM_LABEL: Record<string, string> = {
  tablet: 'tablet', capsule: 'capsule', 'oral-liquid': 'oral liquid', injection: 'injection', 'unit-injection': 'injection (units)', inhaler: 'inhaler',
  nebulized: 'nebuliser solution', topical: 'topical', patch: 'patch', 'meq-oral': 'oral (mEq)', suppository: 'suppository',
};

/**
 * The drug the clinician picked: its strengths and forms from the knowledge base, its default dose
 * sentences as one-click complete orders, and the dose form for anything else.
 */
export function DrugOrderPanel({ drug, patient, onAdd, onCancel }: DrugOrderPanelProps) {
  const [issues, setIssues] = useState<readonly { path: string; message: string }[]>([]);
  const kb = defaultKnowledgeBase();
  const forms = kb.doseFormsByRxcui.get(drug.rxcui)?.forms ?? [];
  const sentences = doseSentencesFor(drug.rxcui, kb);
  const strengths = drug.products.filter((p) => p.strengths.length === 1).slice(0, 6);
  const submit = (values: MedicationOrderValues) => {
    const problems = onAdd(values);
    setIssues(problems ?? []);
  };
  return (
    <Stack gap="xs">
      <Paper withBorder p="sm" radius="md">
        <Stack gap={6}>
          <Group gap="xs">
            <Title order={2} size="h5">{drug.name}</Title>
            {drug.classes.slice(0, 3).map((c) => <Badge key={c} size="sm" variant="light" style={{ textTransform: 'none' }}>{c}</Badge>)}
          </Group>
          {(forms.length > 0 || strengths.length > 0) && (
            <Text size="sm" data-testid="drug-forms">
              <Text span fw={600}>Forms and strengths: </Text>
              {[...forms.map((f) => FORM_LABEL[f] ?? f), ...strengths.map((p) => p.name)].join(' · ')}
            </Text>
          )}
          {drug.limits.adultMaxDailyMg !== null && <Text size="xs" c="dimmed">Adult maximum {drug.limits.adultMaxSingleMg === null ? '' : `${drug.limits.adultMaxSingleMg} mg a dose, `}{drug.limits.adultMaxDailyMg} mg a day</Text>}
          {sentences.length > 0 && (
            <div role="group" aria-label="Default dose sentences">
              <Text size="sm" fw={600} mb={4}>Default dose sentences (one click adds the order)</Text>
              <Stack gap={4}>
                {sentences.map((s) => {
                  const text = sigText({ dose: s.dose, route: s.route, frequency: s.frequency, durationDays: s.durationDays, prn: s.prn === undefined ? undefined : { reason: s.prn } });
                  return (
                    <Button
                      key={s.id} variant="light" size="sm" justify="flex-start" leftSection={<IconPlus size={14} aria-hidden />} styles={{ label: { whiteSpace: 'normal', textAlign: 'left' } }} h="auto" py={6}
                      onClick={() => submit({ dose: s.dose, route: s.route, frequency: s.frequency, ...(s.durationDays === undefined ? {} : { durationDays: s.durationDays }), ...(s.prn === undefined ? {} : { prn: { reason: s.prn } }) })}
                    >
                      {drug.name} {text} <Text span size="xs" c="dimmed" ml={6}>({s.indication})</Text>
                    </Button>
                  );
                })}
              </Stack>
            </div>
          )}
        </Stack>
      </Paper>
      <MedicationOrderForm drug={drug} patient={patient} issues={issues} onCancel={onCancel} onSubmit={submit} />
    </Stack>
  );
}
