/**
 * The little of PouchDB, express-pouchdb and express that the peer bench uses (none of them ships
 * types, and @types packages are not installed): the bench is typed against this surface only.
 */
declare module 'pouchdb' {
  interface PouchDoc { _id: string; _rev?: string; [k: string]: unknown }
  interface QueryRow { id: string; key: unknown; doc?: PouchDoc }
  interface ReplicationResult { ok: boolean; docs_written: number; doc_write_failures: number }
  class PouchDB {
    constructor(name: string, options?: Record<string, unknown>);
    static defaults(options: Record<string, unknown>): typeof PouchDB;
    static replicate(source: string | PouchDB, target: string | PouchDB, options?: Record<string, unknown>): Promise<ReplicationResult>;
    bulkDocs(docs: PouchDoc[]): Promise<{ ok?: boolean; error?: string }[]>;
    info(): Promise<{ doc_count: number; update_seq: number | string }>;
    put(doc: PouchDoc): Promise<{ ok: boolean }>;
    query(view: string, options?: Record<string, unknown>): Promise<{ rows: QueryRow[] }>;
    close(): Promise<void>;
  }
  export default PouchDB;
}

declare module 'express-pouchdb' {
  import type { RequestListener } from 'node:http';
  function expressPouchdb(pouch: unknown, options?: Record<string, unknown>): RequestListener;
  export default expressPouchdb;
}
