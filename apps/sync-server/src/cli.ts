/**
 * `lantern-server [command]`: the installed command (packaging/deb installs it as
 * /usr/bin/lantern-server) and `pnpm --filter @lantern/sync-server cli <command>` in a checkout.
 * Commands read the same environment as the server (env.ts; /etc/lantern/server.env when
 * installed). A command resolves with its exit code; a failure is one line on stderr (exit 2),
 * never a stack trace, and names no patient data.
 *
 * To add a command: one line in COMMANDS (lazy import, so a command loads only what it needs).
 */
interface Command {
  summary: string;
  run(args: string[]): Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  serve: { summary: 'run the sync server (default)', run: async () => (await import('./cli/serve.ts')).serve() },
  migrate: { summary: 'apply pending database migrations and exit', run: async () => (await import('./cli/migrate.ts')).migrateCommand() },
  'verify-audit': { summary: 'verify the audit hash chain against the signed checkpoints', run: async () => (await import('./cli/verify-audit.ts')).verifyAuditCommand() },
  version: { summary: 'print the server version', run: async () => (await import('./cli/version.ts')).versionCommand() },
  backup: { summary: 'write one consistent backup archive: --out FILE', run: async (args) => (await import('./backup/commands.ts')).backupCommand(args) },
  restore: { summary: 'restore a backup into an empty data dir/database: --from FILE [--data-dir DIR]', run: async (args) => (await import('./backup/commands.ts')).restoreCommand(args) },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  return ['usage: lantern-server [command]', '', ...Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(width)}  ${c.summary}`)].join('\n');
}

export async function runCli(argv: string[]): Promise<number> {
  const [name = 'serve', ...rest] = argv;
  if (name === 'help' || name === '--help' || name === '-h') {
    console.log(usage());
    return 0;
  }
  if (name === '--version') return COMMANDS.version?.run([]) ?? 0;
  const command = COMMANDS[name];
  if (command === undefined) {
    console.error(`lantern-server: unknown command '${name}'\n${usage()}`);
    return 64;
  }
  try {
    return await command.run(rest);
  } catch (e: unknown) {
    console.error(`lantern-server ${name} failed: ${e instanceof Error ? e.message : 'unknown error'}`);
    return 2;
  }
}

runCli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  () => process.exit(2),
);
