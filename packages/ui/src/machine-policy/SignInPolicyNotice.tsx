import { Alert, Group, Text } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { LOCKED_TEXT } from './setting-labels.ts';
import { useMachinePolicy } from './useMachinePolicy.ts';

/**
 * Under the sign-in form: the sync server this workstation signs in to (locked when IT set it) and, for
 * IT, why the machine policy was refused. No account is named.
 */
export function SignInPolicyNotice() {
  const view = useMachinePolicy().data;
  if (view === undefined || view.serverUrl === null) return null;
  const locked = view.settings.some((s) => s.key === 'serverUrl' && s.origin === 'machine');
  return (
    <>
      <Group gap={6} wrap="nowrap" data-testid="sign-in-server">
        {locked && <IconLock size={14} aria-hidden />}
        <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
          Server: {view.serverUrl}{locked ? ` · ${LOCKED_TEXT}` : ''}
        </Text>
      </Group>
      {view.problem !== null && (
        <Alert color="red" variant="light" p="xs" title="Workstation settings from IT are invalid" data-testid="sign-in-policy-problem" styles={{ message: { color: 'var(--mantine-color-text)' }, title: { color: 'var(--mantine-color-text)' } }}>
          {view.problem}. Ask IT to correct {view.source?.location ?? 'the policy'}.
        </Alert>
      )}
    </>
  );
}
