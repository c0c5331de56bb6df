/**
 * A signature on an order (new, changed or re-activated) is confirmed with the clinician's password,
 * as for a note (notes-router.ts): checked against the offline verifier in the encrypted store, so
 * it works offline. A wrong password is audited as a failed authentication and nothing is signed
 * (HIPAA 164.312(d), person or entity authentication).
 */
import { LanternError, type SessionUser } from '@lantern/core';
import { checkVerifier } from '../session/password-verifier.ts';
import type { HostServices } from '../api/host-services.ts';

export async function confirmPassword(services: HostServices, user: SessionUser, password: string, mode: 'order-sign' | 'order-change'): Promise<void> {
  const cred = await services.clinical.credentials.findOfflineCredential(user.username);
  if (cred === null || cred.userId !== user.userId || !(await checkVerifier(password, cred.verifier))) {
    await services.audit.record({ userId: user.userId, action: 'login-failed', outcome: 'failure', detail: { mode } });
    throw new LanternError('UNAUTHENTICATED', 'The password is not correct');
  }
}
