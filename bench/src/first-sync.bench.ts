/**
 * First sync at scale (`pnpm bench first-sync`): a real sync server (embedded Postgres, loopback
 * HTTP, `first-sync-server.child.ts`) holding LANTERN_BENCH_FS_PATIENTS synthetic patients (default
 * 1,700, about 250,000 resources; the heavy patient first), all on dr.ada's care team; a workstation
 * host (`first-sync-host.child.ts`) from an EMPTY store signs in and syncs all of it. Reports wall
 * time, resources/s, the host process's peak RSS (VmHWM), the store's size and the time until one of
 * the user's own patients opens with its full chart. Targets on 2 cores: <= 60 s, <= 300 MB, <= 5 s.
 *
 * Beside it, in the same run, the peer (pouchdb-peer.ts): PouchDB, CHT's engine, replicating the
 * same documents from express-pouchdb into an on-disk PouchDB; ratios Lantern / PouchDB are printed
 * beside each figure. LANTERN_BENCH_FS_PEER=0 skips the peer.
 * Quick check: `LANTERN_BENCH_FS_PATIENTS=150 pnpm bench first-sync`.
 */
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { treeCpuMs } from './bench-server.ts';
import { forkServerChild, runChild } from './first-sync-children.ts';
import { runPouchPeer, type PeerFigures } from './pouchdb-peer.ts';
import { PATIENTS, SEED_VERSION } from './first-sync-seed.ts';
import type { BenchSuite } from './suite.ts';

const PEER = process.env['LANTERN_BENCH_FS_PEER'] !== '0';
const TARGET = { wallS: 60, rssMb: 300, firstChartS: 5 };
const CACHE_DIR = fileURLToPath(new URL('../.cache/', import.meta.url));

interface ServerInfo {
  url: string;
  seedMs: number;
  cached: boolean;
  patients: number;
  resources: number;
  own: { id: string; resources: number }[];
  heavy: { id: string; resources: number };
}
interface HostFigures {
  wallMs: number;
  retries: number;
  signInMs: number;
  firstChartMs: number | null;
  firstChartOpenMs: number;
  resources: number;
  storeBytes: number;
  lastError: string | null;
  heavyOpenMs: number;
  heavyInStore: number;
  /** CPU ms (user + system) of the host process during the sync. */
  cpuMs: number;
  /** The host's memory at its highest sampled resident set (50 ms samples during the sync). */
  peak: { rssMb: number; heapMb: number; externalMb: number };
}

const f1 = (x: number): string => x.toFixed(1);
const met = (ok: boolean): string => (ok ? 'met' : 'NOT met');
const vs = (lantern: number, peer: number | undefined): string => (peer === undefined || !Number.isFinite(peer) || peer === 0 ? '' : `; Lantern / PouchDB = ${(lantern / peer).toFixed(2)}`);

export const firstSyncBench: BenchSuite = {
  name: 'first-sync',
  async run() {
    console.log(`\n== First sync: ${PATIENTS} synthetic patients from an empty store, over loopback HTTP (seed ${SEED_VERSION}) ==`);
    const load0 = loadavg().map((x) => +x.toFixed(1));
    const exportFile = `${CACHE_DIR}first-sync-${SEED_VERSION}-p${PATIENTS}.ndjson`;
    // The peer needs the same documents: the server child exports them (once; cached beside its data).
    process.env['LANTERN_BENCH_FS_EXPORT'] = PEER ? exportFile : '';
    const server = await forkServerChild<ServerInfo>(new URL('./first-sync-server.child.ts', import.meta.url), {});
    let peer: PeerFigures | null = null;
    try {
      const s = server.info;
      console.log(`server: ${s.patients.toLocaleString('en')} patients, ${s.resources.toLocaleString('en')} resources; ${s.own.length} own patients; heavy patient ${s.heavy.resources.toLocaleString('en')} resources; ` +
        (s.cached ? 'seeded data from bench/.cache' : `seeded in ${f1(s.seedMs / 1000)} s (cached in bench/.cache for the next run)`));
      const serverCpu0 = treeCpuMs(server.pid);
      const serverNodeCpu0 = treeCpuMs(server.pid, true);
      const loadSync = loadavg().map((x) => +x.toFixed(1));
      const { out: h, rssMb } = await runChild<HostFigures>(new URL('./first-sync-host.child.ts', import.meta.url), { url: s.url, own: s.own, heavy: s.heavy });
      // The server process and its Postgres backends (their exited children included), during the sync and the chart opens.
      const serverCpuMs = treeCpuMs(server.pid) - serverCpu0;
      const serverNodeCpuMs = treeCpuMs(server.pid, true) - serverNodeCpu0;
      if (PEER) peer = await runPouchPeer({ docsFile: exportFile, heavyPatientId: s.heavy.id, expected: s.resources });
      const wallS = h.wallMs / 1000;
      const rate = Math.round(h.resources / wallS);
      console.log(`Lantern first sync: ${f1(wallS)} s for ${h.resources.toLocaleString('en')} resources (${rate.toLocaleString('en')} resources/s; sign-in ${Math.round(h.signInMs)} ms of it; cycles resumed after a timeout: ${h.retries}); target <= ${TARGET.wallS} s: ${met(wallS <= TARGET.wallS)}${vs(h.wallMs, peer?.syncMs)}`);
      const per1k = (ms: number): string => (h.resources === 0 ? 'n/a' : `${Math.round((ms * 1000) / h.resources)} ms`);
      console.log(`  CPU per 1,000 resources (load-independent): host ${per1k(h.cpuMs)}, server + Postgres ${per1k(serverCpuMs)} (server process ${per1k(serverNodeCpuMs)}); load average when the sync started ${loadSync.join(' ')}`);
      if (peer !== null) console.log(`  PouchDB first sync: ${f1(peer.syncMs / 1000)} s for ${peer.docs.toLocaleString('en')} documents (${Math.round(peer.docs / (peer.syncMs / 1000)).toLocaleString('en')} docs/s)`);
      console.log(`Lantern host peak RSS: ${rssMb} MB; target <= ${TARGET.rssMb} MB: ${met(rssMb <= TARGET.rssMb)}${vs(rssMb, peer?.rssMb)}`);
      console.log(`  at the highest sampled RSS (${h.peak.rssMb} MB): V8 heap ${h.peak.heapMb} MB, Buffers and external ${h.peak.externalMb} MB, the rest (SQLite page cache, code, stacks) ${h.peak.rssMb - h.peak.heapMb - h.peak.externalMb} MB`);
      if (peer !== null) console.log(`  PouchDB replica process peak RSS: ${peer.rssMb} MB`);
      console.log(`Lantern store: ${f1(h.storeBytes / 1048576)} MB (encrypted SQLCipher)${vs(h.storeBytes, peer?.storeBytes)}`);
      if (peer !== null) console.log(`  PouchDB store: ${f1(peer.storeBytes / 1048576)} MB (LevelDB)`);
      const fc = h.firstChartMs === null ? NaN : h.firstChartMs / 1000;
      console.log(`Lantern first usable chart (an own patient complete and open): ${Number.isNaN(fc) ? 'never during the sync' : `${f1(fc)} s (open ${f1(h.firstChartOpenMs)} ms)`}; target <= ${TARGET.firstChartS} s: ${met(fc <= TARGET.firstChartS)}` +
        (peer === null ? '' : `; PouchDB has no priority order: its first complete chart is at the end of the replication, ${f1(peer.syncMs / 1000)} s`));
      console.log(`Heavy chart open (${h.heavyInStore.toLocaleString('en')} resources): Lantern ${f1(h.heavyOpenMs)} ms (median of 7, full chart from the store)${vs(h.heavyOpenMs, peer?.heavyOpenMs)}`);
      if (peer !== null) console.log(`  PouchDB: ${f1(peer.heavyOpenMs)} ms (median of 7, all ${peer.heavyDocs.toLocaleString('en')} documents of the patient through a pouchdb-find index on patientId; index build ${f1(peer.indexBuildMs / 1000)} s)`);
      if (h.lastError !== null) console.log(`Lantern sync ended with: ${h.lastError}`);
    } finally {
      await server.stop();
    }
    console.log(`load average at start ${load0.join(' ')}, at end ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  },
};

if (process.argv[1] === fileURLToPath(import.meta.url)) await firstSyncBench.run();
