import { useState, type FormEvent } from 'react';
import { Alert, Button, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api/ApiContext.tsx';
import { errorMessage } from '../api/api-error.ts';
import { queryKeys } from '../api/queryKeys.ts';

/**
 * Signed in offline and the server answers again: the user signs in online with their password and
 * stays where they are (the open chart, their drafts); their queued changes then start to sync.
 */
export function SignInAgain() {
  const api = useApi();
  const qc = useQueryClient();
  const [opened, setOpened] = useState(false);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const reconnect = api.session.reconnect?.bind(api.session);
  if (reconnect === undefined) return null;
  const close = () => {
    setOpened(false);
    setPassword('');
    setError(null);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await reconnect({ password });
      close();
      void qc.invalidateQueries({ queryKey: queryKeys.session });
      void qc.invalidateQueries({ queryKey: queryKeys.sync });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button size="compact-xs" variant="filled" data-testid="sync-sign-in-again" onClick={() => setOpened(true)}>Sign in again</Button>
      <Modal opened={opened} onClose={close} title="Sign in again to sync" centered size="sm" returnFocus>
        <form onSubmit={(e) => void submit(e)}>
          <Stack gap="sm">
            <Text size="sm">The server answers again. Sign in to send your queued changes; the open chart and your drafts stay as they are.</Text>
            <PasswordInput label="Your password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} autoFocus required />
            {error !== null && <Alert color="red" role="alert">{error}</Alert>}
            <Button type="submit" loading={busy} disabled={password === ''}>Sign in</Button>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
