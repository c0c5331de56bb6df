/** The local chart store's public surface (ARCHITECTURE.md, Local store). */
export { openStore, openReadonlyStore, type OpenStoreOptions } from './open-store.ts';
export type { ReadableStore, WritableStore, StoreResult, PullPageSummary } from './local-store.ts';
export type { OutboxAck, PurgeSummary, UpsertSummary } from './resource-writes.ts';
export type { OutboxEntry } from './outbox.ts';
export { ConflictRecordSchema, type ConflictRecord, type StoredConflict } from './conflicts.ts';
export type { AllergyList } from './chart/clinical-lists.ts';
export type { PatientSearchHit } from './patient-search.ts';
export { explicitKeyProvider, noKeyProvider, randomKey, KEY_BYTES, type KeyProvider, type PendingRotation } from './key/key-provider.ts';
export { keyFileProvider, readKeyFile, createKeyFile, type KeyFileOptions } from './key/key-file.ts';
export { wrappedKeyFileProvider, writeWrappedKeyFile, WrappedKeyFileSchema, type KeyWrapper, type WrappedKeyFile } from './key/wrapped-key-file.ts';
export { rotateStoreKeyFile } from './key/rotate-key-file.ts';
export { StoreClient, type StoreClientOptions, type StoreKeySpec } from './worker/store-client.ts';
export { seedStore, type SeededPatient } from './seed-synthetic.ts';
export { changesFor } from './seed-changes.ts';
export { decryptedCopyForBenchmark, openPlainStoreForBenchmark } from './benchmark-support.ts';
