/** The first-sync bench's seed: its size and the cache key of the seeded server data (bench/.cache/). */
/** Bump when the seed changes (generator, patient count, care team) so a stale cache is not reused. */
export const SEED_VERSION = 'v2';
/** 1,700 patients of the synthetic generator are about 250,000 resources. */
export const PATIENTS = Number(process.env['LANTERN_BENCH_FS_PATIENTS'] ?? 1700);
