/** `pnpm bench`: every suite, in order. Add a suite by importing it and listing it below. */
import { cdsBench } from './cds.bench.ts';

const suites = [cdsBench];

for (const suite of suites) {
  await suite.run();
}
