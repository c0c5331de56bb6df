/**
 * The archive file: a gzip-compressed tar of the staging directory (Debian's `tar`, present on every
 * system the server is packaged for), optionally encrypted as a whole with a passphrase:
 * AES-256-GCM (NIST SP 800-38D) under a key from scrypt (RFC 7914; N=2^17, r=8, p=1, the OWASP
 * minimum for scrypt), the header authenticated as associated data. Encrypted layout:
 *   `LANTERN-BACKUP-AES256GCM-1\n` `{"kdf":"scrypt",...,"salt","iv"}\n` ciphertext, 16-byte tag.
 * Either way the file is created 0600.
 */
import { createCipheriv, createDecipheriv, randomBytes, scrypt as scryptCb, type ScryptOptions } from 'node:crypto';
import { execFile } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, open, rm, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { z } from 'zod';

const run = promisify(execFile);
const MAGIC = 'LANTERN-BACKUP-AES256GCM-1\n';
const TAG_BYTES = 16;
const KDF = { N: 2 ** 17, r: 8, p: 1 } as const;
const HeaderSchema = z.object({ kdf: z.literal('scrypt'), N: z.number().int(), r: z.number().int(), p: z.number().int(), salt: z.string(), iv: z.string() });

/** Why an archive cannot be opened: restore maps each to its message and exit code. */
export class ArchiveError extends Error {
  constructor(readonly kind: 'corrupt' | 'passphrase-needed' | 'wrong-passphrase', message: string) {
    super(message);
  }
}

function deriveKey(passphrase: string, salt: Buffer, o: { N: number; r: number; p: number }): Promise<Buffer> {
  const opts: ScryptOptions = { N: o.N, r: o.r, p: o.p, maxmem: 256 * 1024 * 1024 };
  return new Promise((res, rej) => scryptCb(passphrase.normalize('NFKC'), salt, 32, opts, (e, k) => (e === null ? res(k) : rej(e))));
}

/** Whether the file starts with the encrypted archive's magic line. */
async function isEncrypted(file: string): Promise<boolean> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(MAGIC.length);
    await fh.read(buf, 0, MAGIC.length, 0);
    return buf.toString('latin1') === MAGIC;
  } finally {
    await fh.close();
  }
}

/** Writes `dir`'s contents to `out` (0600): tar.gz, then encrypted when a passphrase is given. */
export async function packArchive(dir: string, out: string, passphrase: string | null): Promise<void> {
  const tarFile = passphrase === null ? out : `${out}.tmp-${randomBytes(4).toString('hex')}`;
  await (await open(tarFile, 'wx', 0o600)).close();
  try {
    await run('tar', ['--create', '--gzip', '--file', tarFile, '--owner=0', '--group=0', '--numeric-owner', '--sort=name', '-C', dir, '.']);
    if (passphrase === null) return;
    const salt = randomBytes(16);
    const iv = randomBytes(12);
    const header = Buffer.from(`${MAGIC}${JSON.stringify({ kdf: 'scrypt', ...KDF, salt: salt.toString('base64'), iv: iv.toString('base64') })}\n`, 'utf8');
    const cipher = createCipheriv('aes-256-gcm', await deriveKey(passphrase, salt, KDF), iv);
    cipher.setAAD(header);
    const fh = await open(out, 'wx', 0o600);
    await fh.write(header);
    await pipeline(createReadStream(tarFile), cipher, createWriteStream('', { fd: fh.fd, autoClose: false }));
    await fh.write(cipher.getAuthTag());
    await fh.close();
  } finally {
    if (tarFile !== out) await rm(tarFile, { force: true });
  }
  await chmod(out, 0o600);
}

/** Unpacks `file` into the (empty, 0700) directory `dest`; refuses what it cannot authenticate or read. */
export async function unpackArchive(file: string, dest: string, passphrase: string | null): Promise<{ encrypted: boolean }> {
  let tarFile = file;
  const encrypted = await isEncrypted(file);
  if (encrypted) {
    if (passphrase === null) throw new ArchiveError('passphrase-needed', 'This backup is encrypted: set LANTERN_BACKUP_PASSPHRASE to the passphrase it was written with');
    const size = (await stat(file)).size;
    const fh = await open(file, 'r');
    let headerLen = 0;
    let params: z.infer<typeof HeaderSchema>;
    const tag = Buffer.alloc(TAG_BYTES);
    try {
      const head = Buffer.alloc(Math.min(size, 4096));
      await fh.read(head, 0, head.length, 0);
      const second = head.indexOf(0x0a, MAGIC.length);
      const parsed = second < 0 ? null : HeaderSchema.safeParse(JSON.parse(head.subarray(MAGIC.length, second).toString('utf8')));
      if (parsed === null || !parsed.success || size < second + 1 + TAG_BYTES) throw new ArchiveError('corrupt', 'The backup file is damaged: its encryption header cannot be read');
      params = parsed.data;
      headerLen = second + 1;
      await fh.read(tag, 0, TAG_BYTES, size - TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', await deriveKey(passphrase, Buffer.from(params.salt, 'base64'), params), Buffer.from(params.iv, 'base64'));
      decipher.setAAD(head.subarray(0, headerLen));
      decipher.setAuthTag(tag);
      tarFile = `${dest}.tar.gz`;
      try {
        await pipeline(createReadStream(file, { start: headerLen, end: size - TAG_BYTES - 1 }), decipher, createWriteStream(tarFile, { mode: 0o600 }));
      } catch {
        await rm(tarFile, { force: true });
        throw new ArchiveError('wrong-passphrase', 'The backup could not be decrypted: wrong passphrase, or the file was altered');
      }
    } finally {
      await fh.close();
    }
  }
  try {
    // GNU tar refuses members that climb out of `dest` (`..`, absolute names) by default.
    await run('tar', ['--extract', '--gzip', '--file', tarFile, '--no-same-owner', '--no-same-permissions', '-C', dest]);
  } catch {
    throw new ArchiveError('corrupt', 'The backup file is damaged: it is not a complete Lantern backup archive (tar/gzip could not read it)');
  } finally {
    if (tarFile !== file) await rm(tarFile, { force: true });
  }
  return { encrypted };
}
