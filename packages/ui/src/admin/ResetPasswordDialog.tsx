import { useState } from 'react';
import { Button, Modal, PasswordInput, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useApi } from '../api/ApiContext.tsx';
import type { DirectoryUser } from '../api/features/admin-api.ts';
import { errorMessage } from '../api/WorkstationApi.ts';
import { FormActions, notify } from '../design/index.ts';

/** A temporary password the user must change at next sign-in; their sessions end now. */
export function ResetPasswordDialog({ user, onClose, onDone }: { user: DirectoryUser | null; onClose: () => void; onDone: () => void }) {
  const api = useApi();
  const [password, setPassword] = useState('');
  const reset = useMutation({
    mutationFn: () => api.admin.resetPassword({ userId: user?.id ?? '', temporaryPassword: password }),
    onSuccess: () => { notify('success', `Temporary password set for ${user?.username ?? ''}`); setPassword(''); onDone(); },
  });
  return (
    <Modal closeButtonProps={{ 'aria-label': 'Close' }} opened={user !== null} onClose={onClose} title={`Reset password for ${user?.username ?? ''}`}>
      <form onSubmit={(e) => { e.preventDefault(); reset.mutate(); }}>
        <Text size="sm" mb="xs">Their sessions end now; they must choose a new password at next sign-in.</Text>
        <PasswordInput label="Temporary password" description="At least 12 characters; tell the user in person" value={password} onChange={(e) => setPassword(e.currentTarget.value)} data-autofocus
          error={reset.isError ? errorMessage(reset.error) : undefined} />
        <FormActions><Button type="submit" loading={reset.isPending} disabled={password.length < 12}>Set temporary password</Button><Button variant="default" onClick={onClose}>Cancel</Button></FormActions>
      </form>
    </Modal>
  );
}
