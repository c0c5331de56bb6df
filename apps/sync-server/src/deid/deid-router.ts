/**
 * tRPC `deid.*`: the de-identified research export (deid-export.ts). Only a role with the core
 * policy's research-export capability (`canExportDeidentified`) may run it or fetch its files; a
 * refusal is audited. The files hold no identifiers, but they are still the hospital's data.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { canExportDeidentified, LanternError } from '@lantern/core';
import { z } from 'zod';
import { appendAuditEvents, serverEvent } from '../db/audit-log.ts';
import { withTx } from '../db/database.ts';
import { authedProcedure, router } from '../trpc.ts';
import { DEID_TYPES, exportDir, runDeidExport } from './deid-export.ts';

const researchExport = authedProcedure.use(async ({ ctx, next }) => {
  if (!canExportDeidentified(ctx.user.role)) {
    await withTx(ctx.services.pool, (c) => appendAuditEvents(c, [serverEvent(ctx.actor, { action: 'export', outcome: 'denied', detail: { via: 'deid' } }, ctx.services.clock.now())]));
    throw new LanternError('FORBIDDEN', `Access denied: ${ctx.user.role} may not request a de-identified research export`);
  }
  return next();
});

export const deidRouter = router({
  export: researchExport.mutation(({ ctx }) => runDeidExport(ctx.services.pool, ctx.actor, { dataDir: ctx.services.config.dataDir, now: ctx.services.clock.now() })),
  file: researchExport.input(z.object({ exportId: z.string().uuid(), type: z.enum(DEID_TYPES) })).query(async ({ ctx, input }) => {
    try {
      return { ndjson: await readFile(join(exportDir(ctx.services.config.dataDir, input.exportId), `${input.type}.ndjson`), 'utf8') };
    } catch {
      throw new LanternError('NOT_FOUND', 'No such export file');
    }
  }),
});
