import { Alert } from '@mantine/core';
import { IconAlertTriangle, IconDownload } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../api/ApiContext.tsx';
import type { UpdateStatusView } from '../api/features/updates-api.ts';

/** How often the banner asks the host (the host itself checks the server at sign-in and daily). */
const POLL_MS = 60_000;

/** The words for one update status, or null when there is nothing to say. */
export function updateBannerText(s: UpdateStatusView): { kind: 'required' | 'ready'; text: string } | null {
  if (s.updateRequired !== null) return { kind: 'required', text: s.updateRequired.message };
  if (s.update.state === 'downloaded') return { kind: 'ready', text: `Update ready — restart to install Lantern ${s.update.version}.` };
  return null;
}

/**
 * A one-line banner above every screen: the server's refusal of this version (work continues
 * offline, nothing queued is lost) or a verified update waiting for a restart.
 */
export function UpdateBanner() {
  const api = useApi();
  const status = useQuery({
    queryKey: ['updates', 'status'],
    queryFn: () => (api.updates === undefined ? Promise.resolve(null) : api.updates.status()),
    refetchInterval: POLL_MS,
  });
  const shown = status.data === null || status.data === undefined ? null : updateBannerText(status.data);
  if (shown === null) return null;
  return shown.kind === 'required' ? (
    <Alert role="alert" data-testid="update-required" color="yellow" variant="light" p="xs" mb="xs" icon={<IconAlertTriangle size={18} aria-hidden />}>
      {shown.text}
    </Alert>
  ) : (
    <Alert role="status" data-testid="update-ready" color="blue" variant="light" p="xs" mb="xs" icon={<IconDownload size={18} aria-hidden />}>
      {shown.text}
    </Alert>
  );
}
