/** File helpers of backup and restore: hashing, private copies, emptiness. */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, readdir, stat } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { pipeline } from 'node:stream/promises';

export async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256');
  await pipeline(createReadStream(file), h);
  return h.digest('hex');
}

/** Every regular file under `dir`, as paths relative to it (sorted). */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) out.push(relative(dir, p));
    }
  };
  if (existsSync(dir)) await walk(dir);
  return out.sort();
}

/** Copies a file, making its directories 0700 and the copy 0600 (secrets and PHI alike). */
export async function copyPrivate(from: string, to: string): Promise<void> {
  await mkdir(dirname(to), { recursive: true, mode: 0o700 });
  await copyFile(from, to);
  await chmod(to, 0o600);
}

/** Copies a directory tree privately; returns the relative paths copied. */
export async function copyTreePrivate(from: string, to: string): Promise<string[]> {
  const files = await listFiles(from);
  for (const f of files) await copyPrivate(join(from, f), join(to, f));
  return files;
}

/** A path that does not exist, or an empty directory. */
export async function isAbsentOrEmptyDir(path: string): Promise<boolean> {
  if (!existsSync(path)) return true;
  if (!(await stat(path)).isDirectory()) return false;
  return (await readdir(path)).length === 0;
}
