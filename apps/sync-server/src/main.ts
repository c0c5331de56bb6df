/**
 * `pnpm --filter @lantern/sync-server start` (`tsx src/main.ts`): the server itself, i.e.
 * `lantern-server serve` (cli/serve.ts). A failure to start is one line naming the cause
 * (e.g. why the embedded Postgres could not run and what to do), never a stack trace.
 */
import { serve } from './cli/serve.ts';

serve().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`Lantern sync server failed to start: ${e instanceof Error ? e.message : 'unknown error'}`);
    process.exit(1);
  },
);
