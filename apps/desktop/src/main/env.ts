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
  /** As in browser mode (host/serve/env.ts): run as if the CDS knowledge base were due for review by this earlier date. */
  LANTERN_CDS_KB_REVIEW_BY: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD').optional(),
  /**
   * A JSON machine policy file read instead of the platform's source (HKLM\SOFTWARE\Policies\Lantern on
   * Windows, managed preferences on macOS, /etc/lantern/workstation.json on Linux): tests and special sites.
   */
  LANTERN_MACHINE_POLICY_FILE: z.string().min(1).optional(),
  /**
   * The organisation's release public key (Ed25519, PEM) updates must be signed with; default: the
   * one packaged at <resources>/policy/update-release.pem. Without a key no update is installed.
   */
  LANTERN_UPDATE_PUBLIC_KEY_FILE: z.string().min(1).optional(),
  /** The update channel when the machine policy sets none (as in browser mode). */
  LANTERN_UPDATE_CHANNEL: z.enum(['stable', 'pilot']).optional(),
});
export type DesktopEnv = z.infer<typeof DesktopEnvSchema>;

/** The only reader of process.env in the Electron main process (lint enforces it). */
export function loadDesktopEnv(source: Record<string, string | undefined> = process.env): DesktopEnv {
  const parsed = DesktopEnvSchema.safeParse(source);
  if (!parsed.success) throw new Error(`Invalid environment:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  return parsed.data;
}
