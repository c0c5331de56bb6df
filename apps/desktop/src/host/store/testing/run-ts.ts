/** Runs a TypeScript entry point in a child Node process through tsx, as the demo command does. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export const runTs = (script: string, args: readonly string[], cwd: string): ChildProcessWithoutNullStreams =>
  spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd, stdio: 'pipe' });

export function runToEnd(script: string, args: readonly string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = runTs(script, args, cwd);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
