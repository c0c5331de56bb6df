import { SignInInputSchema, UnlockInputSchema } from '@lantern/core';
import { z } from 'zod';
import { must, publicProcedure, router, toTrpcError } from '../api/trpc.ts';

/** Same rules as the server's auth.changePassword (12 characters at least, not the current one). */
const ChangePasswordInputSchema = z.object({
  currentPassword: z.string().min(1, 'Enter your current password').max(1024),
  newPassword: z.string().min(12, 'At least 12 characters').max(1024),
}).refine((v) => v.newPassword !== v.currentPassword, { message: 'The new password must differ from the current one', path: ['newPassword'] });

const wrap = async <T>(fn: () => Promise<T>): Promise<T> => {
  try {
    return await fn();
  } catch (e) {
    throw toTrpcError(e);
  }
};

export const sessionRouter = router({
  current: publicProcedure.query(({ ctx }) => wrap(() => ctx.services.session.current())),
  signIn: publicProcedure.input(SignInInputSchema).mutation(({ ctx, input }) =>
    wrap(async () => {
      const s = await ctx.services.session.signIn(input.username, input.password);
      ctx.services.sync.kick();
      return s;
    }),
  ),
  /**
   * Signed in offline, now that the server answers: the same user signs in online without signing out
   * (the open chart and drafts stay), and their queued writes start to sync.
   */
  reconnect: publicProcedure.input(UnlockInputSchema).mutation(({ ctx, input }) =>
    wrap(async () => {
      const s = await ctx.services.session.reconnect(input.password);
      ctx.services.sync.kick();
      return s;
    }),
  ),
  signOut: publicProcedure.mutation(({ ctx }) => wrap(() => ctx.services.session.signOut())),
  /**
   * The signed-in user's changes not yet accepted by the server (queued, or refused and waiting in
   * their inbox): the sign-out button warns when this is not 0. Signing out never deletes them.
   */
  unsyncedCount: publicProcedure.query(({ ctx }) => wrap(async () => {
    const userId = ctx.services.session.userId;
    if (userId === null) return { queued: 0, refused: 0 };
    const queued = must(ctx.services.store.peekOutbox(10_000)).filter((e) => e.mutation.userId === userId).length;
    const refused = must(ctx.services.store.listConflictsOf(userId, null)).length;
    return { queued, refused };
  })),
  lock: publicProcedure.mutation(({ ctx }) => wrap(() => ctx.services.session.lock('user'))),
  unlock: publicProcedure.input(UnlockInputSchema).mutation(({ ctx, input }) => wrap(() => ctx.services.session.unlock(input.password))),
  /**
   * What the organisation decides for this workstation, for the screens that show it: the policy
   * last heard on sync (shown read-only, "Set by your organisation"), and whether the
   * organisation wiped this workstation. No PHI; answered signed out too (the sign-in screen).
   */
  organisation: publicProcedure.query(({ ctx }) => wrap(async () => {
    const w = ctx.services.workstation;
    return { policy: w?.policy() ?? null, wipedAt: w?.wipedAt() ?? null, mustChangePassword: ctx.services.session.mustChangePassword };
  })),
  /** The user sets their own password (required after an administrator's reset); the server checks the current one. */
  changePassword: publicProcedure.input(ChangePasswordInputSchema).mutation(({ ctx, input }) => wrap(async () => {
    await ctx.services.session.changePassword(input.currentPassword, input.newPassword);
    ctx.services.sync.kick();
    return { ok: true as const };
  })),
  /** The renderer saw keyboard or pointer input (throttled): keeps the host's own idle lock at bay. */
  activity: publicProcedure.mutation(({ ctx }) => wrap(() => ctx.services.session.activity())),
});
