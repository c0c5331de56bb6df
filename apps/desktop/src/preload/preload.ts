/**
 * The one API the renderer sees (contextBridge, with context isolation and the sandbox on):
 * `window.lantern.trpc(op)`, which forwards a tRPC operation to the main process over IPC.
 * No ipcRenderer, no Node, nothing else crosses.
 */
import { contextBridge, ipcRenderer } from 'electron';

// The channel name is repeated here (not imported) because a sandboxed preload should stay a single small file.
const IPC_TRPC_CHANNEL = 'lantern:trpc';

contextBridge.exposeInMainWorld('lantern', {
  trpc: (op: { type: 'query' | 'mutation'; path: string; input: unknown }) =>
    ipcRenderer.invoke(IPC_TRPC_CHANNEL, { type: op.type, path: op.path, input: op.input }),
});
