/**
 * Starts Lantern's two processes for the e2e run exactly as `pnpm start` does (the server through tsx,
 * the workstation host as its built bundle, each in its own process group), on random loopback ports with fresh temp data dirs. The sync server can be
 * stopped and started again on the same port and data dir to take the workstation offline.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

export interface Proc {
  child: ChildProcess;
  output: string[];
  stop(): Promise<void>;
}

export function startProc(name: string, script: string, cwd: string, env: Record<string, string>, ready: RegExp, timeoutMs = 120_000): Promise<{ proc: Proc; match: RegExpExecArray }> {
  return new Promise((resolveReady, reject) => {
    // TypeScript sources run through tsx; a built bundle (the workstation host) runs on plain Node.
    const [cmd, args] = script.endsWith('.js') ? [process.execPath, [script]] : [TSX, [script]];
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const output: string[] = [];
    let done = false;
    const proc: Proc = {
      child,
      output,
      stop: () =>
        new Promise<void>((r) => {
          if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return r();
          const kill = setTimeout(() => {
            try { process.kill(-(child.pid ?? 0), 'SIGKILL'); } catch { /* gone */ }
          }, 15_000);
          child.once('exit', () => {
            clearTimeout(kill);
            r();
          });
          try { process.kill(-child.pid, 'SIGTERM'); } catch { r(); }
        }),
    };
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      void proc.stop();
      reject(new Error(`${name} was not ready within ${timeoutMs} ms:\n${output.slice(-20).join('\n')}`));
    }, timeoutMs);
    const onData = (buf: Buffer) => {
      for (const line of buf.toString().split('\n')) {
        if (line.trim() === '') continue;
        output.push(line);
        const m = done ? null : ready.exec(line);
        if (m !== null) {
          done = true;
          clearTimeout(timer);
          resolveReady({ proc, match: m });
        }
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code} before it was ready:\n${output.slice(-20).join('\n')}`));
    });
  });
}

export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
