import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { DisabledReason } from '../design/DisabledReason.tsx';
import { useApi } from '../api/ApiContext.tsx';
import { errorMessage } from '../api/WorkstationApi.ts';
import { useOrganisation } from '../auto-lock/useOrganisation.ts';

const MIN_LENGTH = 12;

/**
 * Shown instead of the workstation when an administrator reset the user's password: until they set
 * their own (proving the temporary one), nothing else opens, here or on the server (HIPAA
 * 164.308(a)(5)(ii)(D) password management).
 */
export function ChangePasswordScreen({ displayName }: { displayName: string }) {
  const api = useApi();
  const qc = useQueryClient();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const change = useMutation({
    mutationFn: async () => {
      const fn = api.session.changePassword?.bind(api.session);
      if (fn === undefined) throw new Error('This workstation cannot change passwords');
      return fn({ currentPassword: current, newPassword: next });
    },
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['session'] }),
    onError: () => setCurrent(''),
  });
  const reason = change.isPending ? 'Saving…'
    : current === '' ? 'Enter the temporary password'
      : next.length < MIN_LENGTH ? `The new password needs at least ${MIN_LENGTH} characters`
        : next === current ? 'The new password must differ from the temporary one'
          : again !== next ? 'Type the new password twice, the same both times' : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (reason === null) change.mutate();
  };
  return (
    <main className="sign-in" aria-labelledby="change-password-title">
      <Paper component="form" onSubmit={submit} noValidate shadow="sm" p="xl" w="26rem" h="fit-content" aria-label="Set a new password">
        <Stack gap="sm">
          <Title order={1} id="change-password-title">Set a new password</Title>
          <Text size="sm">{displayName}, your administrator reset your password. Choose your own before you continue.</Text>
          <PasswordInput id="current-password" label="Temporary password" ref={ref} autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.currentTarget.value)} visibilityToggleButtonProps={{ 'aria-label': 'Show what was typed' }} />
          <PasswordInput id="new-password" label="New password" description={`At least ${MIN_LENGTH} characters`} autoComplete="new-password" value={next} onChange={(e) => setNext(e.currentTarget.value)} visibilityToggleButtonProps={{ 'aria-label': 'Show the new password' }} />
          <PasswordInput id="new-password-again" label="New password again" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.currentTarget.value)} visibilityToggleButtonProps={{ 'aria-label': 'Show the repeated password' }} />
          {change.isError && (
            <Alert role="alert" color="red" variant="light" p="xs" styles={{ message: { color: 'var(--mantine-color-text)' } }}>
              {errorMessage(change.error)}
            </Alert>
          )}
          <DisabledReason reason={reason}>
            <Button type="submit" fullWidth>Set password</Button>
          </DisabledReason>
        </Stack>
      </Paper>
    </main>
  );
}

/** The signed-in workstation, or the password change the server requires first. */
export function PasswordChangeGate({ displayName, children }: { displayName: string; children: ReactNode }) {
  const must = useOrganisation().data?.mustChangePassword === true;
  return must ? <ChangePasswordScreen displayName={displayName} /> : <>{children}</>;
}
