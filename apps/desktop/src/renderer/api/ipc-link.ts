/**
 * A tRPC link over Electron IPC: the preload exposes `window.lantern.trpc(op)` (contextBridge), the
 * main process runs the host router and answers with a Result-shaped envelope. The renderer never
 * sees ipcRenderer itself.
 */
import { TRPCClientError, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import type { AnyRouter } from '@trpc/server';

export interface IpcEnvelope {
  ok: boolean;
  data?: unknown;
  error?: { message: string; code: number; data: { code: string; httpStatus: number; lanternCode: string; issues?: unknown } };
}

export interface LanternBridge {
  trpc(op: { type: 'query' | 'mutation'; path: string; input: unknown }): Promise<IpcEnvelope>;
}

export const bridgeOf = (w: unknown): LanternBridge | null => {
  const b = (w as { lantern?: LanternBridge }).lantern;
  return b !== undefined && typeof b.trpc === 'function' ? b : null;
};

export function ipcLink<TRouter extends AnyRouter>(bridge: LanternBridge): TRPCLink<TRouter> {
  return () =>
    ({ op }) =>
      observable((observer) => {
        if (op.type === 'subscription') {
          observer.error(TRPCClientError.from(new Error('Subscriptions are not supported over IPC')));
          return;
        }
        bridge
          .trpc({ type: op.type, path: op.path, input: op.input })
          .then((env) => {
            if (env.ok) {
              observer.next({ result: { type: 'data', data: env.data } });
              observer.complete();
            } else {
              observer.error(TRPCClientError.from({ error: env.error } as never));
            }
          })
          .catch((e: unknown) => observer.error(TRPCClientError.from(e instanceof Error ? e : new Error('IPC failed'))));
      });
}
