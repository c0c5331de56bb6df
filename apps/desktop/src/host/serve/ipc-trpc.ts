/**
 * tRPC over Electron IPC, without Electron: one IPC message `{type, path, input}` is answered by the
 * host router through tRPC's fetch adapter, so errors are formatted exactly as over HTTP. The payload
 * is checked with zod first: to the main process the renderer is untrusted input.
 */
import { z } from 'zod';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { hostRouter } from '../api/host-router.ts';
import type { HostServices } from '../api/host-services.ts';

export const IPC_TRPC_CHANNEL = 'lantern:trpc';

export const IpcTrpcRequestSchema = z.object({
  type: z.enum(['query', 'mutation']),
  path: z.string().regex(/^[a-zA-Z]+(\.[a-zA-Z]+){1,3}$/, 'must be a procedure path like chart.open'),
  input: z.unknown().optional(),
});
export type IpcTrpcRequest = z.infer<typeof IpcTrpcRequestSchema>;

export type IpcTrpcResponse =
  | { ok: true; data: unknown }
  | { ok: false; error: { message: string; code: number; data: { code: string; httpStatus: number; lanternCode: string; issues?: unknown } } };

const ORIGIN = 'http://ipc.lantern.invalid';

/** `onRequest` hears each well-formed call as the URL it would have over HTTP (the host's idle tracking, idle-preload.ts). */
export async function handleIpcTrpc(services: HostServices, raw: unknown, onRequest?: (url: string) => void): Promise<IpcTrpcResponse> {
  const parsed = IpcTrpcRequestSchema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, error: { message: 'Malformed request', code: -32600, data: { code: 'BAD_REQUEST', httpStatus: 400, lanternCode: 'BAD_INPUT' } } };
  }
  const { type, path, input } = parsed.data;
  const url = type === 'query'
    ? `${ORIGIN}/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`
    : `${ORIGIN}/trpc/${path}`;
  onRequest?.(url);
  const req = new Request(url, type === 'query'
    ? { method: 'GET' }
    : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input ?? null) });
  const res = await fetchRequestHandler({ endpoint: '/trpc', req, router: hostRouter, createContext: () => ({ services }) });
  const body = (await res.json()) as { result?: { data?: unknown }; error?: IpcTrpcResponse extends infer R ? (R extends { ok: false; error: infer E } ? E : never) : never };
  if (body.error !== undefined) return { ok: false, error: body.error };
  return { ok: true, data: body.result?.data };
}
