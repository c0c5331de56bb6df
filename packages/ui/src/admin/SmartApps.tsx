import { useState } from 'react';
import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text } from '@mantine/core';
import type { ColumnDef } from '@tanstack/react-table';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api/ApiContext.tsx';
import type { RegisteredClient, SmartClient } from '../api/features/apps-api.ts';
import { errorMessage } from '../api/WorkstationApi.ts';
import { ConfirmDialog, DataTable, EmptyState, ErrorState, LoadingSkeleton, notify, PageHeader, ReadOnlyField, StatusBadge } from '../design/index.ts';
import { RegisterSmartAppForm } from './RegisterSmartAppForm.tsx';
import { KIND_LABEL } from './smart-app-draft.ts';

const CLIENTS_KEY = ['admin', 'smart-clients'] as const;

/**
 * SMART apps and system clients allowed to reach the FHIR API (https://hl7.org/fhir/smart-app-launch/):
 * who registered what, with which scopes, and whether it is active. Deactivating refuses the
 * client's tokens at once (checked by the server on every request). A confidential app's secret is
 * shown once, right after registration, and never again.
 */
export function SmartAppsScreen() {
  const api = useApi();
  const qc = useQueryClient();
  const [registering, setRegistering] = useState(false);
  const [registered, setRegistered] = useState<{ result: RegisteredClient; name: string } | null>(null);
  // The dialog's title outlives the result (cleared on close, with the secret) while the dialog fades out.
  const [registeredName, setRegisteredName] = useState('');
  const [toggling, setToggling] = useState<SmartClient | null>(null);
  const clients = useQuery({ queryKey: CLIENTS_KEY, queryFn: () => api.apps.clients() });
  const setActive = useMutation({
    mutationFn: (c: SmartClient) => api.apps.setClientActive({ clientId: c.client_id, active: !c.active }),
    onSuccess: async (_r, c) => {
      notify('success', c.active ? `${c.name} deactivated: its tokens are refused` : `${c.name} activated`);
      await qc.invalidateQueries({ queryKey: CLIENTS_KEY });
    },
    onError: (e) => notify('error', errorMessage(e)),
  });

  const columns: ColumnDef<SmartClient, unknown>[] = [
    { id: 'name', header: 'Name', accessorFn: (c) => c.name, meta: { rowHeader: true } },
    { id: 'clientId', header: 'Client id', accessorFn: (c) => c.client_id, cell: (c) => <Code style={{ whiteSpace: 'nowrap' }}>{c.row.original.client_id}</Code> },
    { id: 'kind', header: 'Kind', accessorFn: (c) => KIND_LABEL[c.kind], meta: { nowrap: true } },
    { id: 'purpose', header: 'Purpose', accessorFn: (c) => c.purpose ?? '—' },
    { id: 'scope', header: 'Scopes', accessorFn: (c) => c.scope, cell: (c) => <Text size="xs" ff="monospace" style={{ wordBreak: 'break-word' }}>{c.row.original.scope}</Text> },
    {
      id: 'redirects', header: 'Redirect URIs', accessorFn: (c) => c.redirect_uris.join(' '),
      cell: (c) => c.row.original.redirect_uris.length === 0
        ? <Text size="sm" c="dimmed">None (system client)</Text>
        : <Stack gap={2}>{c.row.original.redirect_uris.map((u) => <Text key={u} size="sm" style={{ wordBreak: 'break-all' }}>{u}</Text>)}</Stack>,
    },
    { id: 'launch', header: 'Launch URL', accessorFn: (c) => c.launch_url ?? '—', cell: (c) => <Text size="sm" style={{ wordBreak: 'break-all' }}>{c.row.original.launch_url ?? '—'}</Text> },
    {
      id: 'active', header: 'Status', accessorFn: (c) => (c.active ? 'Active' : 'Inactive'), meta: { nowrap: true },
      cell: (c) => <StatusBadge status={c.row.original.active ? 'normal' : 'abnormal'}>{c.row.original.active ? 'Active' : 'Inactive'}</StatusBadge>,
    },
    {
      id: 'actions', header: 'Actions', enableSorting: false,
      cell: (c) => (
        <Button size="compact-sm" variant="default" onClick={() => setToggling(c.row.original)} aria-label={`${c.row.original.active ? 'Deactivate' : 'Activate'} ${c.row.original.name}`}>
          {c.row.original.active ? 'Deactivate' : 'Activate'}
        </Button>
      ),
    },
  ];

  return (
    <Stack gap="sm">
      <PageHeader
        title="SMART apps"
        description="Apps clinicians open from the chart, and systems that call the FHIR API on their own (SMART Backend Services)."
        {...(registering ? {} : { actions: <Button onClick={() => setRegistering(true)}>Register app</Button> })}
      />
      {registering && (
        <RegisterSmartAppForm
          onCancel={() => setRegistering(false)}
          onRegistered={(result, name) => {
            setRegistering(false);
            setRegistered({ result, name });
            setRegisteredName(name);
            void qc.invalidateQueries({ queryKey: CLIENTS_KEY });
          }}
        />
      )}
      {clients.isPending ? <LoadingSkeleton label="Loading apps" /> : clients.isError ? <ErrorState message={errorMessage(clients.error)} onRetry={() => void clients.refetch()} />
        : clients.data.length === 0 ? <EmptyState title="No apps registered">Register an app before clinicians can open it from the chart, or a system before it can call the FHIR API.</EmptyState>
          : <DataTable data={clients.data} columns={columns} caption="SMART apps and system clients" captionHidden getRowId={(c) => c.client_id} />}
      <ConfirmDialog
        opened={toggling !== null}
        title={toggling?.active === true ? `Deactivate ${toggling.name}?` : `Activate ${toggling?.name ?? ''}?`}
        confirmLabel={toggling?.active === true ? 'Deactivate' : 'Activate'}
        danger={toggling?.active === true}
        onCancel={() => setToggling(null)}
        onConfirm={() => { if (toggling !== null) setActive.mutate(toggling); setToggling(null); }}
      >
        {toggling?.active === true
          ? 'Its tokens are refused from now on, and clinicians no longer see it in the Apps menu. It can be activated again.'
          : 'It may obtain tokens again, within its registered scopes.'}
      </ConfirmDialog>
      <Modal opened={registered !== null} onClose={() => setRegistered(null)} title={`${registeredName} registered`} centered size="lg" closeButtonProps={{ 'aria-label': 'Close' }}>
        {registered !== null && <RegistrationResult result={registered.result} onDone={() => setRegistered(null)} />}
      </Modal>
    </Stack>
  );
}

function RegistrationResult({ result, onDone }: { result: RegisteredClient; onDone: () => void }) {
  return (
    <Stack gap="sm">
      <ReadOnlyField label="Client id"><Code data-testid="registered-client-id">{result.clientId}</Code></ReadOnlyField>
      {result.clientSecret === null
        ? <Text size="sm">No client secret: the app proves itself with PKCE, or a system with its private key.</Text>
        : (
          <>
            <Alert color="yellow" title="Copy the client secret now" role="alert" styles={{ root: { background: 'var(--lantern-warning-bg)', border: '1px solid var(--lantern-warning-border)' }, title: { color: 'var(--lantern-warning-fg)' }, message: { color: 'var(--mantine-color-text)' } }}>It is shown only this once; Lantern keeps no copy it can show again. Give it to the app's operator over a secure channel.</Alert>
            <ReadOnlyField label="Client secret"><Code data-testid="registered-client-secret" style={{ wordBreak: 'break-all' }}>{result.clientSecret}</Code></ReadOnlyField>
          </>
        )}
      <Group justify="flex-end" gap="xs">
        {result.clientSecret !== null && (
          <CopyButton value={result.clientSecret}>
            {({ copied, copy }) => <Button variant="default" onClick={copy}>{copied ? 'Copied' : 'Copy secret'}</Button>}
          </CopyButton>
        )}
        <Button onClick={onDone} data-autofocus>Done</Button>
      </Group>
    </Stack>
  );
}
