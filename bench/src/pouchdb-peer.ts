/**
 * The side-by-side peer of the first-sync bench: PouchDB, the engine CHT builds on. Its server
 * (`pouchdb-peer-server.child.ts`, express-pouchdb over LevelDB) and its replica
 * (`pouchdb-peer-replica.child.ts`) run in their own processes on loopback, with the same documents
 * the Lantern server holds. Returns the replica's figures and peak RSS.
 */
import { fileURLToPath } from 'node:url';
import { forkServerChild, runChild } from './first-sync-children.ts';

export interface PeerFigures {
  syncMs: number;
  docs: number;
  rssMb: number;
  storeBytes: number;
  indexBuildMs: number;
  heavyOpenMs: number;
  heavyDocs: number;
}

interface ServerInfo { url: string; docs: number; loadMs: number; cached: boolean }
interface ReplicaOut { syncMs: number; docs: number; written: number; failures: number; indexBuildMs: number; heavyOpenMs: number; heavyDocs: number; storeBytes: number }

export async function runPouchPeer(o: { docsFile: string; heavyPatientId: string; expected: number }): Promise<PeerFigures> {
  const dir = fileURLToPath(new URL(`../.cache/${o.docsFile.split('/').pop()?.replace(/\.ndjson$/, '') ?? 'first-sync'}-pouch/`, import.meta.url));
  const server = await forkServerChild<ServerInfo>(new URL('./pouchdb-peer-server.child.ts', import.meta.url), { docsFile: o.docsFile, dir });
  try {
    const s = server.info;
    console.log(`PouchDB peer server: ${s.docs.toLocaleString('en')} documents (${s.cached ? 'from bench/.cache' : `loaded in ${(s.loadMs / 1000).toFixed(1)} s, cached`})`);
    if (s.docs !== o.expected) console.log(`  note: the peer holds ${s.docs} documents, the Lantern server ${o.expected} patient resources`);
    const { out, rssMb } = await runChild<ReplicaOut>(new URL('./pouchdb-peer-replica.child.ts', import.meta.url), { url: s.url, heavyPatientId: o.heavyPatientId });
    if (out.failures > 0) console.log(`  note: ${out.failures} documents failed to replicate`);
    return { syncMs: out.syncMs, docs: out.docs, rssMb, storeBytes: out.storeBytes, indexBuildMs: out.indexBuildMs, heavyOpenMs: out.heavyOpenMs, heavyDocs: out.heavyDocs };
  } finally {
    await server.stop();
  }
}
