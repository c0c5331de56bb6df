/**
 * `manifest.json` of a backup archive: what wrote it, the schema it holds, every file with its
 * SHA-256, and a digest over that list (the archive checksum: restore recomputes both and refuses
 * an archive where either differs).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';

export const BACKUP_FORMAT = 'lantern-server-backup';
export const BACKUP_FORMAT_VERSION = 1;

export const ManifestFileSchema = z.object({ path: z.string().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.number().int().nonnegative() });
export type ManifestFile = z.infer<typeof ManifestFileSchema>;

export const ManifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.number().int().positive(),
  createdAt: z.string(),
  app: z.object({ name: z.string(), version: z.string(), commit: z.string().nullable(), node: z.string() }),
  postgres: z.string(),
  schema: z.object({ version: z.number().int().nonnegative(), migrations: z.array(z.string()) }),
  database: z.object({
    tables: z.array(z.object({ schema: z.string(), name: z.string(), columns: z.array(z.string()), rows: z.number().int().nonnegative(), file: z.string() })),
    sequences: z.array(z.object({ schema: z.string(), name: z.string(), lastValue: z.string().regex(/^-?\d+$/).nullable() })),
    /** Head of the change feed at the snapshot: restore moves the feed past any cursor issued after it. */
    changeSeq: z.string().regex(/^\d+$/),
    auditEvents: z.number().int().nonnegative(),
  }),
  secrets: z.array(z.string()),
  files: z.array(ManifestFileSchema),
  contentDigest: z.string().regex(/^[0-9a-f]{64}$/),
});
export type Manifest = z.infer<typeof ManifestSchema>;

/** SHA-256 over `path sha256 bytes` lines in path order: one value that changes if any file does. */
export function contentDigest(files: readonly ManifestFile[]): string {
  const h = createHash('sha256');
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) h.update(`${f.path} ${f.sha256} ${f.bytes}\n`);
  return h.digest('hex');
}
