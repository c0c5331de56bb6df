/**
 * The wrapped-key file used inside Electron: the store key encrypted by the OS keychain
 * (Electron safeStorage: DPAPI on Windows, Keychain on macOS, libsecret/kwallet on Linux). The
 * wrapper itself lives in src/main (the only place allowed to import electron) and is passed in
 * through `KeyWrapper`; this file defines the on-disk format and the provider around it.
 *
 * Format (JSON, file mode 0600):
 *   { "format": "lantern-wrapped-key", "version": 1, "wrapper": "<KeyWrapper.name>", "wrapped": "<base64>" }
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { LanternError, err, ok, type Result } from '@lantern/core';
import { checkKey, randomKey, type KeyProvider } from './key-provider.ts';
import { checkKeyFilePermissions, writeSecretFile } from './key-file.ts';

/** What src/main implements over `safeStorage.encryptString/decryptString` (or any OS keychain). */
export interface KeyWrapper {
  /** Stored in the file so a key wrapped by one mechanism is never handed to another. */
  readonly name: string;
  /** False when the OS keychain is unavailable (e.g. no secret service on Linux): stay locked. */
  isAvailable(): boolean;
  wrap(key: Uint8Array): Promise<Uint8Array>;
  unwrap(wrapped: Uint8Array): Promise<Uint8Array>;
}

export const WrappedKeyFileSchema = z.object({
  format: z.literal('lantern-wrapped-key'),
  version: z.literal(1),
  wrapper: z.string().min(1).max(64),
  wrapped: z.string().regex(/^[A-Za-z0-9+/]+=*$/, 'must be base64'),
});
export type WrappedKeyFile = z.infer<typeof WrappedKeyFileSchema>;

export async function writeWrappedKeyFile(path: string, key: Uint8Array, wrapper: KeyWrapper, exclusive: boolean): Promise<void> {
  const file: WrappedKeyFile = { format: 'lantern-wrapped-key', version: 1, wrapper: wrapper.name, wrapped: Buffer.from(await wrapper.wrap(key)).toString('base64') };
  writeSecretFile(path, `${JSON.stringify(file)}\n`, exclusive);
}

export function wrappedKeyFileProvider(options: { path: string; wrapper: KeyWrapper; createIfMissing?: boolean }): KeyProvider {
  const { path, wrapper } = options;
  return {
    description: `wrapped key file ${path}`,
    getKey: async (): Promise<Result<Uint8Array, LanternError>> => {
      if (!wrapper.isAvailable()) return err(new LanternError('STORE_LOCKED', 'The local store is locked: the OS keychain is not available'));
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        if (options.createIfMissing !== true) return err(new LanternError('STORE_LOCKED', `The local store is locked: no wrapped key file at ${path}`));
        const key = randomKey();
        await writeWrappedKeyFile(path, key, wrapper, true);
        return ok(key);
      }
      const perms = checkKeyFilePermissions(path);
      if (!perms.ok) return perms;
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return err(new LanternError('STORE_KEY_INVALID', `The wrapped key file ${path} is not valid JSON`));
      }
      const parsed = WrappedKeyFileSchema.safeParse(json);
      if (!parsed.success) return err(new LanternError('STORE_KEY_INVALID', `The wrapped key file ${path} is not in the lantern-wrapped-key v1 format`));
      if (parsed.data.wrapper !== wrapper.name) {
        return err(new LanternError('STORE_KEY_INVALID', `The key in ${path} was wrapped by ${parsed.data.wrapper}, not ${wrapper.name}`));
      }
      try {
        return checkKey(await wrapper.unwrap(new Uint8Array(Buffer.from(parsed.data.wrapped, 'base64'))), 'The unwrapped key');
      } catch (e) {
        return err(new LanternError('STORE_KEY_INVALID', 'The OS keychain could not unwrap the store key', { cause: e }));
      }
    },
  };
}
