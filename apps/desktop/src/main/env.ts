/** The Electron main process's configuration from the environment, validated once (CONVENTIONS.md #3). */
import { z } from 'zod';

export const DesktopEnvSchema = z.object({
  LANTERN_SERVER_URL: z.string().url().default('http://127.0.0.1:4000'),
  /**
   * Linux only: accept safeStorage's built-in "basic_text" password when no secret service (GNOME
   * Keyring, KWallet) is running. The store key is then only obscured, not protected by the OS user's
   * login, so the default is to refuse; IT may allow it for a locked-down kiosk, with a warning.
   */
  LANTERN_ALLOW_BASIC_TEXT_KEYCHAIN: z.enum(['0', '1']).default('0').transform((v) => v === '1'),
});
export type DesktopEnv = z.infer<typeof DesktopEnvSchema>;

/** The only reader of process.env in the Electron main process (lint enforces it). */
export function loadDesktopEnv(source: Record<string, string | undefined> = process.env): DesktopEnv {
  const parsed = DesktopEnvSchema.safeParse(source);
  if (!parsed.success) throw new Error(`Invalid environment:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  return parsed.data;
}
