/**
 * `pnpm bench change-feed`: the change feed's safe point without a global lock, beside the
 * previous design's lock, with 1 and 8 concurrent writers and readers paging the feed (the
 * measurement lives in apps/sync-server/src/db/change-feed-bench.ts for the server's dependencies).
 * Small run: CHANGE_FEED_SECONDS=2 pnpm bench change-feed.
 */
import { fileURLToPath } from 'node:url';
import { runChangeFeedBench } from '../../apps/sync-server/src/db/change-feed-bench.ts';
import type { BenchSuite } from './suite.ts';

const SECONDS = Number(process.env['CHANGE_FEED_SECONDS'] ?? 6);

export const changeFeedBench: BenchSuite = {
  name: 'change-feed',
  run: () => runChangeFeedBench({ seconds: SECONDS }),
};

if (process.argv[1] === fileURLToPath(import.meta.url)) await changeFeedBench.run();
