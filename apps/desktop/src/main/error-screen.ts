/**
 * The screen Electron shows instead of the workstation when the store cannot be opened: what happened,
 * that nothing was changed or lost, and what IT can do. Plain HTML with no script (loaded as a data:
 * URL under a CSP that allows none); every value shown is escaped. No PHI: only file locations.
 */
import { assertNever } from '@lantern/core';
import type { StoreOpenFailure } from './store-open.ts';

export interface ErrorScreenContext {
  /** The encrypted store file and its wrapped key file, for IT. */
  storePath: string;
  keyPath: string;
}

interface Explanation {
  title: string;
  what: string;
  steps: string[];
}

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

export function explain(f: StoreOpenFailure, c: ErrorScreenContext): Explanation {
  switch (f.kind) {
    case 'keychain-unavailable':
      return {
        title: 'The workstation cannot reach the system keychain',
        what: 'The key that unlocks this workstation\u2019s patient data is protected by the operating system\u2019s keychain, which is not available for this user right now.',
        steps: [
          'Sign out of the computer and sign in again as the same user, then start Lantern.',
          'On Linux, make sure a secret service (GNOME Keyring or KWallet) runs in this session.',
          'If the keychain was reset, the data on this workstation cannot be unlocked: re-provision the workstation (its unsynced changes are then lost; the server keeps everything already synced).',
        ],
      };
    case 'keychain-insecure':
      return {
        title: 'No secure keychain on this computer',
        what: 'Linux has no secret service running (GNOME Keyring or KWallet), so the key that protects patient data could only be hidden behind a password built into the program. Lantern refuses to do that.',
        steps: [
          'Install and enable a secret service for this user (for example gnome-keyring with libsecret), then start Lantern again.',
          'For a locked-down kiosk only, IT may accept the weaker protection by setting LANTERN_ALLOW_BASIC_TEXT_KEYCHAIN=1.',
        ],
      };
    case 'missing-key':
      return {
        title: 'The key to this workstation\u2019s data is missing',
        what: `The encrypted data file is here, but the key file that unlocks it is not (${c.keyPath}). Lantern did not make a new key, so the data file is unchanged.`,
        steps: [
          'Restore the key file from the backup made with this workstation\u2019s data, to the same location, then start Lantern again.',
          'If there is no backup, re-provision the workstation: move the data file aside (do not delete it) and start Lantern; unsynced changes in the old file cannot be read without its key.',
        ],
      };
    case 'wrong-key':
      return {
        title: 'The key does not open this workstation\u2019s data',
        what: 'The key file was read, but it does not unlock the encrypted data file: the key belongs to another workstation or backup, or the data file is damaged. The data file was not changed.',
        steps: [
          'Check that the key file and the data file come from the same workstation and the same backup.',
          `Restore the matching key file to ${c.keyPath}, then start Lantern again.`,
          'Call the Lantern support line if both files are the originals.',
        ],
      };
    case 'corrupt':
      return {
        title: 'This workstation\u2019s data file is damaged',
        what: `The encrypted data file (${c.storePath}) is damaged or is not a Lantern data file. It was not changed.`,
        steps: [
          'Check the disk for errors, then restore the data file from backup.',
          'Or re-provision the workstation: move the damaged file aside (keep it for support) and start Lantern; it downloads the charts again. Changes that had not synced are in the damaged file only.',
        ],
      };
    case 'unavailable':
      return {
        title: 'The workstation\u2019s data could not be opened',
        what: `${f.message}. Nothing was changed.`,
        steps: ['Check that the disk is not full and that this user may read and write the data folder, then start Lantern again.'],
      };
    default:
      return assertNever(f, 'store open failure');
  }
}

export function errorScreenHtml(f: StoreOpenFailure, c: ErrorScreenContext): string {
  const e = explain(f, c);
  const steps = e.steps.map((s) => `<li>${escapeHtml(s)}</li>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Lantern cannot start</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f4f6f8;color:#1b1f24}main{max-width:760px;margin:64px auto;padding:32px;background:#fff;border-radius:8px;border-left:6px solid #c92a2a}h1{font-size:24px;margin:0 0 12px}h2{font-size:16px;margin:24px 0 8px}code{font-size:14px;word-break:break-all}</style>
</head><body><main role="alert">
<h1>${escapeHtml(e.title)}</h1>
<p>${escapeHtml(e.what)}</p>
<p>Nothing was deleted. Patient data already synced is safe on the server.</p>
<h2>For IT</h2>
<ol>${steps}</ol>
<p>Data file: <code>${escapeHtml(c.storePath)}</code><br>Key file: <code>${escapeHtml(c.keyPath)}</code></p>
</main></body></html>`;
}
