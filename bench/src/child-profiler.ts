/**
 * A bench child's own CPU profile (V8's sampling profiler, as `node --cpu-prof` writes it), from
 * when it is started to when `stop()` is called, so set-up and checks after the measured part stay
 * out of it. Nothing happens unless the file is given.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

/** Starts profiling when `file` is given; `stop()` writes the profile there (a no-op otherwise). */
export async function startChildProfiler(file: string | undefined): Promise<{ stop(): Promise<void> }> {
  if (file === undefined) return { stop: () => Promise.resolve() };
  const session = new Session();
  session.connect();
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}
