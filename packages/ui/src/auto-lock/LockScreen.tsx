import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Group, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { DisabledReason } from '../design/DisabledReason.tsx';
import type { SessionUser } from '@lantern/core';
import { useApi } from '../api/ApiContext.tsx';
import { errorMessage } from '../api/WorkstationApi.ts';
import { queryKeys } from '../api/queryKeys.ts';
import { resetSession } from '../api/resetSession.ts';
import { useAutoLockSetting } from './useAutoLockSetting.ts';

/**
 * Shown when the session locked itself. Nothing of the previous screen stays mounted or cached;
 * the signed-in user re-enters their password, or another user signs in (which signs the first out).
 */
export function LockScreen({ user }: { user: SessionUser }) {
  const api = useApi();
  const qc = useQueryClient();
  const [password, setPassword] = useState('');
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const setting = useAutoLockSetting();
  const unlock = useMutation({
    mutationFn: () => api.session.unlock({ password }),
    onSuccess: (s) => qc.setQueryData(queryKeys.session, s),
    onError: () => setPassword(''),
  });
  const switchUser = useMutation({
    mutationFn: () => api.session.signOut(),
    onSuccess: (s) => {
      resetSession(qc, s);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (password !== '') unlock.mutate();
  };
  return (
    <main className="sign-in" aria-labelledby="lock-title">
      <Paper component="form" onSubmit={submit} noValidate shadow="sm" p="xl" w="24rem" h="fit-content">
        <Stack gap="sm">
          <Group gap="xs" wrap="nowrap">
            <IconLock size={22} aria-hidden />
            <Title order={1} id="lock-title">Workstation locked</Title>
          </Group>
          <Text c="dimmed" size="sm">
            Locked after inactivity. {user.displayName}, enter your password to continue where you were.
          </Text>
          {setting?.setByOrganisation === true && (
            <Text size="sm" data-testid="auto-lock-policy">
              Auto-lock after {setting.text} without activity: set by your organisation.
            </Text>
          )}
          <PasswordInput id="unlock-password" label="Password" visibilityToggleButtonProps={{ 'aria-label': 'Show what was typed' }} ref={ref} autoComplete="current-password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
          {unlock.isError && (
            <Alert role="alert" color="red" variant="light" p="xs" styles={{ message: { color: 'var(--mantine-color-text)' } }}>
              {errorMessage(unlock.error)}
            </Alert>
          )}
          <DisabledReason reason={unlock.isPending ? 'Unlocking…' : password === '' ? 'Enter your password' : null}>
            <Button type="submit" fullWidth>Unlock</Button>
          </DisabledReason>
          <Button variant="subtle" onClick={() => switchUser.mutate()} disabled={switchUser.isPending}>
            Sign in as a different user
          </Button>
        </Stack>
      </Paper>
    </main>
  );
}
