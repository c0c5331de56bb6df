/**
 * Opens the Electron workstation off the main thread: checks the keychain, unwraps the store key,
 * proves it on the existing store with the worker-backed StoreClient opened read-only (so a wrong key
 * or a damaged file is found without writing a byte), then starts the host in its worker thread.
 * Resolves to a Result: the failure says which screen to show. No electron import (tested in Node).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { err, type Result } from '@lantern/core';
import { HostWorker } from '../host/serve/host-worker-client.ts';
import { wrappedKeyFileProvider, type KeyWrapper } from '../host/store/key/wrapped-key-file.ts';
import { StoreClient } from '../host/store/worker/store-client.ts';
import { failureOf, planStoreOpen, type KeychainStatus, type StoreOpenFailure, type StoreOpenPlan } from './store-open.ts';

export interface OpenWorkstationOptions {
  dataDir: string;
  serverUrl: string;
  wrapper: KeyWrapper;
  keychain: KeychainStatus;
  allowBasicText: boolean;
  machinePolicyFile?: string;
  knowledgeBaseReviewBy?: string;
  updateReleaseKeyFile?: string;
  updateChannel?: string;
  log?: (msg: string) => void;
}

export const storePaths = (dataDir: string): { storePath: string; keyPath: string } =>
  ({ storePath: join(dataDir, 'store.db'), keyPath: join(dataDir, 'store.key.wrapped') });

/** What the keychain and the files alone decide, before anything is read (a refusal is known at once). */
export function planWorkstationOpen(o: Pick<OpenWorkstationOptions, 'dataDir' | 'keychain' | 'allowBasicText'>): StoreOpenPlan {
  const { storePath, keyPath } = storePaths(o.dataDir);
  return planStoreOpen({ storeExists: existsSync(storePath), keyFileExists: existsSync(keyPath), keychain: o.keychain, allowBasicText: o.allowBasicText });
}

export async function openWorkstation(o: OpenWorkstationOptions, plan: StoreOpenPlan = planWorkstationOpen(o)): Promise<Result<HostWorker, StoreOpenFailure>> {
  const { storePath, keyPath } = storePaths(o.dataDir);
  if (plan.kind === 'refuse') return err(plan.failure);
  if (o.keychain.kind === 'basic-text') o.log?.('warning: the store key is wrapped with safeStorage basic_text (no secret service); allowed by LANTERN_ALLOW_BASIC_TEXT_KEYCHAIN');
  mkdirSync(o.dataDir, { recursive: true, mode: 0o700 });
  const key = await wrappedKeyFileProvider({ path: keyPath, wrapper: o.wrapper, createIfMissing: plan.kind === 'first-run' }).getKey();
  if (!key.ok) return err(failureOf(key.error));
  if (plan.kind === 'open' && plan.probe) {
    const probe = await StoreClient.open({ path: storePath, key: { kind: 'explicit', key: key.value }, readonly: true });
    if (!probe.ok) return err(failureOf(probe.error));
    await probe.value.close();
  }
  const host = await HostWorker.start({ dataDir: o.dataDir, serverUrl: o.serverUrl, key: key.value, ...(o.log === undefined ? {} : { log: o.log }),
    ...(o.machinePolicyFile === undefined ? {} : { machinePolicyFile: o.machinePolicyFile }),
    ...(o.knowledgeBaseReviewBy === undefined ? {} : { knowledgeBaseReviewBy: o.knowledgeBaseReviewBy }),
    ...(o.updateReleaseKeyFile === undefined ? {} : { updateReleaseKeyFile: o.updateReleaseKeyFile }),
    ...(o.updateChannel === undefined ? {} : { updateChannel: o.updateChannel }) });
  return host.ok ? host : err(failureOf(host.error));
}
