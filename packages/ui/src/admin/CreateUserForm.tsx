import { useState } from 'react';
import { Button, Paper, PasswordInput, Select, TagsInput, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { ROLES, type Role } from '@lantern/core';
import { useApi } from '../api/ApiContext.tsx';
import { errorMessage } from '../api/WorkstationApi.ts';
import { FieldGrid, FormActions, notify } from '../design/index.ts';
import { ROLE_LABEL } from '../app/landing.ts';

const isRole = (v: string | null): v is Role => v !== null && (ROLES as readonly string[]).includes(v);

/** A new account with its role, units and a first password the user must change. */
export function CreateUserForm({ onDone }: { onDone: () => void }) {
  const api = useApi();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role | null>(null);
  const [units, setUnits] = useState<string[]>([]);
  const [familyName, setFamilyName] = useState('');
  const create = useMutation({
    mutationFn: () => {
      if (role === null) throw new Error('unreachable: role checked before submit');
      return api.admin.createUser({ username, password, role, units, ...(familyName.trim() === '' ? {} : { familyName: familyName.trim() }) });
    },
    onSuccess: (u) => { notify('success', `${u.username} created`); onDone(); },
  });
  return (
    <Paper withBorder p="sm" component="form" aria-label="New user" onSubmit={(e) => { e.preventDefault(); create.mutate(); }}>
      <FieldGrid cols={3}>
        <TextInput label="Username" required description="3-64 of a-z 0-9 . _ -" value={username} onChange={(e) => setUsername(e.currentTarget.value)} data-autofocus />
        <Select label="Role" required data={ROLES.map((r) => ({ value: r, label: ROLE_LABEL[r] }))} value={role} onChange={(v) => setRole(isRole(v) ? v : null)} />
        <PasswordInput label="First password" required description="At least 12 characters" value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
        <TagsInput label="Units" description="Type a unit and press Enter" value={units} onChange={setUnits} />
        <TextInput label="Surname (staff record)" description="Used only to flag look-ups of relatives" value={familyName} onChange={(e) => setFamilyName(e.currentTarget.value)} />
      </FieldGrid>
      {create.isError && <div role="alert" style={{ color: 'var(--lantern-error)', marginTop: 8 }}>{errorMessage(create.error)}</div>}
      <FormActions>
        <Button type="submit" loading={create.isPending} disabled={role === null || username.length < 3 || password.length < 12}>Create user</Button>
      </FormActions>
    </Paper>
  );
}
