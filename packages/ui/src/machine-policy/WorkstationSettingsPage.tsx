import { Alert, Paper, Stack } from '@mantine/core';
import { ErrorState } from '../design/ErrorState.tsx';
import { LoadingSkeleton } from '../design/LoadingSkeleton.tsx';
import { PageHeader } from '../design/PageHeader.tsx';
import { LockedSetting } from './LockedSetting.tsx';
import { useMachinePolicy } from './useMachinePolicy.ts';

const SOURCE_TEXT = { file: 'the policy file', registry: 'Group Policy', 'managed-preferences': 'the configuration profile' } as const;

/** Workstation settings: what applies on this machine and who set it; read-only for everyone. */
export function WorkstationSettingsPage() {
  const q = useMachinePolicy();
  if (q.isPending) return <LoadingSkeleton label="Loading workstation settings" />;
  if (q.isError) return <ErrorState message="The workstation settings cannot be shown" onRetry={() => void q.refetch()} />;
  const view = q.data;
  const from = view.source === null ? null : `${SOURCE_TEXT[view.source.kind]} (${view.source.location})`;
  return (
    <Stack gap="sm" maw="48rem">
      <PageHeader title="Workstation settings" description={view.status === 'ok' && from !== null ? `Settings with a lock are set by your organisation through ${from}.` : 'Settings with a lock are set by your organisation.'} />
      {view.problem !== null && (
        <Alert role="alert" color="red" variant="light" title="This workstation’s settings from IT are invalid" data-testid="machine-policy-problem" styles={{ message: { color: 'var(--mantine-color-text)' }, title: { color: 'var(--mantine-color-text)' } }}>
          {view.problem}. Nothing from {from ?? 'the policy'} applies and sign-in is paused until IT corrects it.
        </Alert>
      )}
      <Paper withBorder p="md">
        <Stack gap="sm" component="form" aria-label="Workstation settings" onSubmit={(e) => e.preventDefault()}>
          {view.settings.map((s) => <LockedSetting key={s.key} setting={s} />)}
        </Stack>
      </Paper>
    </Stack>
  );
}
