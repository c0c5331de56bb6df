/** A benchmark suite: `pnpm bench` runs every suite listed in run.ts, in order. */
export interface BenchSuite {
  name: string;
  run(): Promise<void>;
}
