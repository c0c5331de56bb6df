/**
 * A password an administrator reset is temporary (HIPAA 164.308(a)(5)(ii)(D) password management):
 * until its owner sets their own, the server refuses every procedure but the few needed to do so
 * (change it, sign out, and the workstation's report that tells it a change is due). The refusal
 * is typed, FORBIDDEN with the issue `mustChangePassword`, so a client can show the change screen
 * rather than a generic error.
 */
import { LanternError } from '@lantern/core';

export const MUST_CHANGE_PASSWORD_ISSUE = 'mustChangePassword';

/** tRPC paths a user with a temporary password may still call. */
export const PASSWORD_CHANGE_PATHS: ReadonlySet<string> = new Set(['auth.changePassword', 'auth.logout', 'workstation.report', 'workstation.confirmWipe']);

export const mustChangePasswordError = (): LanternError =>
  new LanternError('FORBIDDEN', 'Set a new password before anything else: your administrator reset it', {
    issues: [{ path: MUST_CHANGE_PASSWORD_ISSUE, message: 'password change required' }],
  });
