/**
 * The workstation host on its own thread, for Electron: the encrypted store, the session, the sync
 * loop and the host router run here, so SQLCipher work (a big chart, a first sync) never stalls the
 * main process that draws the window. Main forwards each renderer IPC call here and sends back the
 * answer. The first message says whether the store opened (a Result, never a throw).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { toLanternError } from '@lantern/core';
import { explicitKeyProvider } from '../store/key/key-provider.ts';
import { createHost, type Host } from './create-host.ts';
import { HostCallSchema, HostCloseSchema, HostUpdateFeedSchema, HostWorkerDataSchema, type ErrorJson } from './host-worker-protocol.ts';
import { cdsIdleWarmup } from './cds-idle-warmup.ts';
import { handleIpcTrpc } from './ipc-trpc.ts';
import { loadMachinePolicy } from '../machine-policy/load-machine-policy.ts';
import { updateFeedFor } from '../updates/update-feed.ts';

const port = parentPort;
if (port === null) throw new Error('host-worker must run in a worker thread');

const errorJson = (e: unknown): ErrorJson => {
  const le = toLanternError(e);
  return { code: le.code, message: le.message, issues: le.issues.map((i) => ({ path: i.path, message: i.message })) };
};

async function main(p: NonNullable<typeof parentPort>): Promise<void> {
  const data = HostWorkerDataSchema.safeParse(workerData);
  if (!data.success) {
    p.postMessage({ ready: false, error: { code: 'BAD_INPUT', message: 'Invalid host worker options', issues: [] } });
    return;
  }
  let host: Host;
  try {
    host = await createHost({
      dataDir: data.data.dataDir,
      serverUrl: data.data.serverUrl,
      keyProvider: explicitKeyProvider(new Uint8Array(Buffer.from(data.data.keyHex, 'hex'))),
      // Windows registry / macOS managed preferences / the Linux file (machine-policy/).
      machinePolicy: await loadMachinePolicy({ platform: process.platform, ...(data.data.machinePolicyFile === undefined ? {} : { file: data.data.machinePolicyFile }) }),
      ...(data.data.knowledgeBaseReviewBy === undefined ? {} : { knowledgeBaseReviewBy: data.data.knowledgeBaseReviewBy }),
      ...(data.data.updateReleaseKeyFile === undefined ? {} : { updateReleaseKeyFile: data.data.updateReleaseKeyFile }),
      ...(data.data.updateChannel === undefined ? {} : { updateChannel: data.data.updateChannel }),
      log: (m) => p.postMessage({ log: m }),
    });
  } catch (e) {
    p.postMessage({ ready: false, error: errorJson(e) });
    return;
  }
  // As in browser mode: the CDS engine loads once someone is signed in and the host is quiet.
  const cdsWarmup = cdsIdleWarmup(host.services, (m) => p.postMessage({ log: m }));
  p.on('message', (msg: unknown) => {
    if (HostCloseSchema.safeParse(msg).success) {
      cdsWarmup.cancel();
      void host.close().finally(() => {
        p.postMessage({ closed: true });
        p.close();
      });
      return;
    }
    // Before HostCallSchema, which an {id} alone would also match.
    const feed = HostUpdateFeedSchema.safeParse(msg);
    if (feed.success) {
      void updateFeedFor(host.services.updates, feed.data.refresh).then((answer) => p.postMessage({ id: feed.data.id, answer }));
      return;
    }
    const call = HostCallSchema.safeParse(msg);
    if (!call.success) return;
    handleIpcTrpc(host.services, call.data.op, (url) => cdsWarmup.request(url)).then(
      (answer) => p.postMessage({ id: call.data.id, answer }),
      () => p.postMessage({ id: call.data.id, answer: { ok: false, error: { message: 'An unexpected error occurred', code: -32603, data: { code: 'INTERNAL_SERVER_ERROR', httpStatus: 500, lanternCode: 'INTERNAL' } } } }),
    );
  });
  p.postMessage({ ready: true });
}

void main(port);
