import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
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
        {request.isError && <p role="alert" className="error">{errorMessage(request.error)}</p>}
        <BreakGlassDialog patientLabel={`patient ${patientId.slice(0, 8)}`} onConfirm={(g) => request.mutate(g.reason)} onCancel={onCancel} />
      </>
    );
  }
  return (
    <section aria-label="Emergency access">
      <p role="status">Emergency access granted. Bringing the chart to this workstation…</p>
      {active.isError && <p role="alert" className="error">{errorMessage(active.error)}</p>}
      <button type="button" onClick={onCancel}>Back to patients</button>
    </section>
  );
}
