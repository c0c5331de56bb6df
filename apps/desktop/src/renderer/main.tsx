/** The renderer entry: react-query, the host API (IPC or HTTP), the Lantern theme, and the workstation screens. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiProvider, LanternProvider, WorkstationApp, isSessionError, queryKeys } from '@lantern/ui';
// Mantine's styles (core, notifications, spotlight; @import-ed at the top of it), then Lantern's layout rules.
import '@lantern/ui/styles.css';
import { createHostClient } from './api/host-client.ts';
import { workstationApi } from './api/workstation-api.ts';

const api = workstationApi(createHostClient());
const queryClient: QueryClient = new QueryClient({
  // The host locked or ended the session (its own idle lock, another window): show that at once.
  queryCache: new QueryCache({
    onError: (e) => {
      if (isSessionError(e)) void queryClient.invalidateQueries({ queryKey: queryKeys.session });
    },
  }),
  defaultOptions: {
    queries: {
      // The host is local: data is fresh until a write or a sync invalidates it.
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      retry: (count, e) => !isSessionError(e) && count < 1,
    },
  },
});

// Browser mode: the host was still starting when it sent this page (host/serve/http-server.ts), so no one is signed in.
const hostStarting = document.querySelector('meta[name="lantern-host"]')?.getAttribute('content') === 'starting';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <ApiProvider api={api}>
        <LanternProvider>
          <WorkstationApp hostStarting={hostStarting} />
        </LanternProvider>
      </ApiProvider>
    </QueryClientProvider>
  </StrictMode>,
);
