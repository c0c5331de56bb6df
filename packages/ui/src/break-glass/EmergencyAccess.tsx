import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Button, Group, Loader, Paper, Text } from '@mantine/core';
import { ErrorState } from '../design/ErrorState.tsx';
import { useApi } from '../api/ApiContext.tsx';
import { errorMessage } from '../api/WorkstationApi.ts';
import { queryKeys } from '../api/queryKeys.ts';
import { BreakGlassDialog } from './BreakGlassDialog.tsx';

/**
 * Break-glass from the patient finder: the reason is required (dialog), the server grants time-boxed,
 * flagged access, and the chart opens as soon as the next pull has brought it to this workstation.
 */
export function EmergencyAccess({ patientId, onOpen, onCancel }: { patientId: string; onOpen(patientId: string): void; onCancel(): void }) {
  const api = useApi();
  const [granted, setGranted] = useState(false);
  const request = useMutation({
    mutationFn: (reason: string) => api.breakGlass.request(patientId, reason),
    onSuccess: () => {
      setGranted(true);
      void api.sync.now();
    },
  });
  const active = useQuery({
    queryKey: queryKeys.breakGlass(patientId),
    queryFn: async () => {
      const g = await api.breakGlass.active(patientId);
      if (g?.ready === true) onOpen(patientId);
      return g;
    },
    enabled: granted,
    refetchInterval: 1000,
  });
  if (!granted) {
    return (
      <>
        {request.isError && <ErrorState title="Emergency access was not granted" message={errorMessage(request.error)} />}
        <BreakGlassDialog patientLabel={`patient ${patientId.slice(0, 8)}`} onConfirm={(g) => request.mutate(g.reason)} onCancel={onCancel} />
      </>
    );
  }
  return (
    <Paper component="section" aria-label="Emergency access" maw="40rem">
      <Group gap="xs" role="status"><Loader size="xs" aria-hidden /><Text size="sm">Emergency access granted. Bringing the chart to this workstation…</Text></Group>
      {active.isError && <ErrorState message={errorMessage(active.error)} />}
      <Button variant="default" mt="sm" onClick={onCancel}>Back to patients</Button>
    </Paper>
  );
}
