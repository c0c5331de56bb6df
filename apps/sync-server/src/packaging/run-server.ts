/**
 * Test support for the packaging tests: starts a server command as a child process, waits for the
 * `listening on` line (the start contract, cli/serve.ts), and stops it with a signal.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface ServerChild {
  child: ChildProcess;
  url: Promise<string>;
  exited: Promise<number | null>;
  output(): string;
}

export function startServerChild(command: string, args: string[], opts: { cwd: string; env: Record<string, string | undefined> }): ServerChild {
  const child = spawn(command, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  const url = new Promise<string>((res, rej) => {
    const onData = (b: Buffer): void => {
      out += b.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m?.[1] !== undefined) res(m[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => rej(new Error(`server exited ${code}: ${out.slice(-1500)}`)));
  });
  url.catch(() => undefined);
  return { child, url, exited, output: () => out };
}

/** SIGTERM, then the exit code (SIGKILL after `graceMs` so a test never hangs). */
export async function stopServerChild(s: ServerChild, graceMs = 30_000): Promise<number | null> {
  s.child.kill('SIGTERM');
  const timer = setTimeout(() => s.child.kill('SIGKILL'), graceMs);
  const code = await s.exited;
  clearTimeout(timer);
  return code;
}
