/**
 * The tRPC client to the workstation host: IPC when the Electron preload bridge is present, otherwise
 * same-origin HTTP (browser mode; the launch cookie authenticates it).
 */
import { createTRPCClient, httpLink, type TRPCClient } from '@trpc/client';
import type { HostRouter } from '../../host/api/host-router.ts';
import { bridgeOf, ipcLink } from './ipc-link.ts';

export type HostClient = TRPCClient<HostRouter>;

export function createHostClient(): HostClient {
  const bridge = bridgeOf(window);
  return createTRPCClient<HostRouter>({
    links: [bridge === null ? httpLink({ url: '/trpc' }) : ipcLink<HostRouter>(bridge)],
  });
}
