/**
 * `auth.registerSigningKey`: the workstation registers the signed-in user's note-signing public
 * key (at sign-in, or at first signature when the key is made then). Bound to the session's user;
 * audited as the creation of a `note-signing-key` record (ids only).
 */
import { appendAuditEvents, serverEvent } from '../db/audit-log.ts';
import { withTx } from '../db/database.ts';
import { authedProcedure } from '../trpc.ts';
import { RegisterSigningKeyInput, registerSigningKey } from './signing-keys.ts';

export const registerSigningKeyProcedure = authedProcedure.input(RegisterSigningKeyInput).mutation(async ({ ctx, input }) => {
  const now = ctx.services.clock.now();
  const r = await withTx(ctx.services.pool, async (c) => {
    const out = await registerSigningKey(c, { userId: ctx.user.userId, deviceId: ctx.user.deviceId, key: input, now });
    if (out.ok && out.value.created) {
      await appendAuditEvents(c, [serverEvent(ctx.actor, { action: 'resource-create', outcome: 'success', resourceType: 'note-signing-key', resourceId: input.keyId, detail: { algorithm: input.algorithm } }, now)]);
    }
    return out;
  });
  if (!r.ok) throw r.error;
  return { keyId: input.keyId, created: r.value.created, keys: r.value.keys };
});
