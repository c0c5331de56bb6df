/**
 * `lantern-server verify-audit`: runs verify-audit.ts, which prints its verdict and exits the
 * process itself (0 ok, 1 broken, 2 could not run), so this promise never settles.
 */
export async function verifyAuditCommand(): Promise<number> {
  await import('../verify-audit.ts');
  return new Promise<number>(() => undefined);
}
