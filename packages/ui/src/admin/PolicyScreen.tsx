import { useEffect, useState } from 'react';
import { Button, NumberInput, Paper, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api/ApiContext.tsx';
import type { WorkstationPolicy } from '../api/features/admin-api.ts';
import { errorMessage } from '../api/WorkstationApi.ts';
import { ErrorState, FieldGrid, FormActions, LoadingSkeleton, notify, PageHeader } from '../design/index.ts';
import { formatDateTime } from '../format/format.ts';

type Editable = Pick<WorkstationPolicy, 'autoLockMinutes' | 'offlineGrantHours' | 'syncIntervalSeconds' | 'cdsSuppressionHours'>;

/** Workstation policy set centrally: delivered to every workstation on its next sync. */
export function PolicyScreen() {
  const api = useApi();
  const qc = useQueryClient();
  const policy = useQuery({ queryKey: ['admin', 'policy'], queryFn: () => api.admin.policy() });
  const [draft, setDraft] = useState<Editable | null>(null);
  useEffect(() => { if (policy.data !== undefined) setDraft({ autoLockMinutes: policy.data.autoLockMinutes, offlineGrantHours: policy.data.offlineGrantHours, syncIntervalSeconds: policy.data.syncIntervalSeconds, cdsSuppressionHours: policy.data.cdsSuppressionHours }); }, [policy.data]);
  const save = useMutation({
    mutationFn: (p: Editable) => api.admin.setPolicy(p),
    onSuccess: async () => { notify('success', 'Policy saved: workstations apply it at their next sync'); await qc.invalidateQueries({ queryKey: ['admin', 'policy'] }); },
  });
  const field = (key: keyof Editable, label: string, description: string, min: number, max: number) => (
    <NumberInput label={label} description={description} min={min} max={max} value={draft?.[key] ?? ''} allowDecimal={false}
      onChange={(v) => setDraft((d) => (d === null ? d : { ...d, [key]: typeof v === 'number' ? v : Number.parseInt(v, 10) || 0 }))} />
  );
  return (
    <Stack gap="sm">
      <PageHeader title="Workstation policy" description="Set once for the organisation; every workstation receives it when it syncs and shows it as set by the organisation." />
      {policy.isPending || draft === null ? <LoadingSkeleton label="Loading the policy" /> : policy.isError ? <ErrorState message={errorMessage(policy.error)} /> : (
        <Paper withBorder p="sm" component="form" aria-label="Workstation policy" onSubmit={(e) => { e.preventDefault(); save.mutate(draft); }} maw={860}>
          <FieldGrid cols={2}>
            {field('autoLockMinutes', 'Auto-lock after (minutes idle)', '1 to 240', 1, 240)}
            {field('offlineGrantHours', 'Offline sign-in allowed for (hours)', '1 to 720', 1, 720)}
            {field('syncIntervalSeconds', 'Sync every (seconds)', '5 to 3600', 5, 3600)}
            {field('cdsSuppressionHours', 'CDS override suppression window (hours)', '0 to 720: an overridden alert stays quiet this long', 0, 720)}
          </FieldGrid>
          {save.isError && <Text role="alert" c="var(--lantern-error)" size="sm" mt="xs">{errorMessage(save.error)}</Text>}
          <FormActions><Button type="submit" loading={save.isPending}>Save policy</Button></FormActions>
          <Text size="xs" c="dimmed" mt="xs">Last changed {formatDateTime(policy.data.updatedAt)}{policy.data.updatedBy === null ? '' : ` by ${policy.data.updatedBy}`}.</Text>
        </Paper>
      )}
    </Stack>
  );
}
