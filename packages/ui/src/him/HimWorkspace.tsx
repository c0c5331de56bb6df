import { Alert, Stack, Tabs } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../api/ApiContext.tsx';
import { queryKeys } from '../api/queryKeys.ts';
import { LoadingSkeleton, PageHeader } from '../design/index.ts';
import { DuplicateQueue } from './DuplicateQueue.tsx';
import { MergeHistory } from './MergeHistory.tsx';

/**
 * The HIM review workspace (registrar / health information management): suspected duplicate
 * records, merge and unmerge. Online only: every decision is made and audited on the server, so
 * without a connection the screen says so instead of showing an empty queue.
 */
export function HimWorkspace() {
  const api = useApi();
  const sync = useQuery({ queryKey: queryKeys.sync, queryFn: () => api.sync.status(), refetchInterval: 1000 });
  // Until the host has said whether the server is reachable, nothing is asked of it.
  const known = sync.data !== undefined;
  const online = sync.data?.online === true;
  return (
    <Stack gap="sm">
      <PageHeader title="Duplicate records" description="Pairs of records that may be one person, with what differs. Merging moves everything to the surviving record; it can be undone." />
      {known && !online && (
        <Alert color="yellow" title="Offline: HIM review needs the server" role="alert">
          Merges and unmerges are made on the server only. This workstation cannot reach it now; registrations and charting go on offline.
        </Alert>
      )}
      <Tabs defaultValue="queue" keepMounted={false}>
        <Tabs.List aria-label="HIM review">
          <Tabs.Tab value="queue">Suspected duplicates</Tabs.Tab>
          <Tabs.Tab value="history">Merge history</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="queue" pt="sm">{known ? <DuplicateQueue online={online} /> : <LoadingSkeleton label="Checking the connection" />}</Tabs.Panel>
        <Tabs.Panel value="history" pt="sm">{known ? <MergeHistory online={online} /> : <LoadingSkeleton label="Checking the connection" />}</Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
