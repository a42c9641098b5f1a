/**
 * leadline-collector: serve, token create|list|revoke, team list, migrate, demo.
 * Flags or environment: PORT, HOST, DATA_DIR, DATABASE_URL, MIN_GROUP_SIZE,
 * RATE_LIMIT_PER_MINUTE; --url/LEADLINE_URL and --admin-token/LEADLINE_ADMIN_TOKEN
 * for the commands that reach a running collector.
 */
import { parseArgs } from 'node:util';
import { TeamPath } from '../../contract/sync';
import { ConfigError, loadConfig, type CollectorConfig } from '../config';
import { openStore } from '../db/open';
import { LockError } from '../db/lock';
import { migrate } from '../db/migrations';
import { startServer, stopOnSignals, storeOptions } from '../server';
import { ROLES, type Role } from '../tokens';
import { type AdminOps, CliError, collectorAt, directOps, remoteOps } from './admin';

const USAGE = `Usage: leadline-collector <command> [options]   (also: npm run collector -- <command>)

Commands:
  serve                                   start the collector
  token create --role enroll|lead|admin [--team <path>] [--json]
  token list [--json]
  token revoke <id>
  team list [--json]
  migrate                                 bring the database schema up to date
  demo                                    a collector filled with a synthetic demo organisation

Options (or environment):
  --port (PORT, default 8787)   --host (HOST, default 127.0.0.1)
  --data-dir (DATA_DIR, default .collector-data)   --database-url (DATABASE_URL: PostgreSQL instead of PGlite)
  --min-group-size (MIN_GROUP_SIZE, k, at least 5)   --rate-limit-per-minute (RATE_LIMIT_PER_MINUTE, per token)
  --url (LEADLINE_URL, default http://127.0.0.1:$PORT)   --admin-token (LEADLINE_ADMIN_TOKEN)
`;

const out = (s: string) => process.stdout.write(`${s}\n`);
const err = (s: string) => process.stderr.write(`${s}\n`);

function policySnippet(url: string, enrollToken: string | undefined, team: string) {
  return JSON.stringify(
    { syncEnabled: true, collectorUrl: url, enrollmentToken: enrollToken ?? '<run: npm run collector -- token create --role enroll --team <your-org>>', teamId: team },
    null,
    2,
  );
}

async function withOps<T>(config: CollectorConfig, flags: Record<string, string | undefined>, fn: (ops: AdminOps, via: string) => Promise<T>): Promise<T> {
  const url = flags.url ?? process.env.LEADLINE_URL ?? `http://127.0.0.1:${config.port}`;
  if (await collectorAt(url)) {
    const token = flags['admin-token'] ?? process.env.LEADLINE_ADMIN_TOKEN;
    if (!token) {
      throw new CliError(
        `A collector is running at ${url}: pass its admin token with --admin-token or LEADLINE_ADMIN_TOKEN (or stop it, and this command opens the database itself).`,
      );
    }
    return fn(remoteOps(url, token), `through ${url}`);
  }
  const store = await openStore(storeOptions(config));
  try {
    return await fn(directOps(store), config.databaseUrl ? 'on PostgreSQL' : `on ${config.dataDir}`);
  } finally {
    await store.close();
  }
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      'database-url': { type: 'string' },
      'min-group-size': { type: 'string' },
      'rate-limit-per-minute': { type: 'string' },
      url: { type: 'string' },
      'admin-token': { type: 'string' },
      role: { type: 'string' },
      team: { type: 'string' },
      json: { type: 'boolean' },
      'print-policy': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const flags = values as Record<string, string | undefined>;
  const [command, sub, arg] = positionals;
  if (values.help || !command) {
    out(USAGE);
    return command || values.help ? 0 : 1;
  }
  const config = loadConfig(flags);

  if (command === 'serve') {
    const running = await startServer(config);
    stopOnSignals(running);
    const where = config.databaseUrl ? 'PostgreSQL' : `PGlite in ${config.dataDir}`;
    out(`Leadline collector listening on ${running.url} (${where}), k = ${config.minGroupSize} or more.`);
    if (running.firstAdminToken) {
      out('');
      out('First start: this is the admin token. It is shown once; keep it safe (a lost one is replaced with');
      out('`npm run collector -- token create --role admin` while the collector is stopped).');
      out(running.firstAdminToken);
      out('');
      out('Make tokens (with the collector running, add --admin-token <admin token>):');
      out('  npm run collector -- token create --role enroll --team <org>         for browsers to send snapshots');
      out('  npm run collector -- token create --role lead --team <org>/<team>    for a lead to read reports');
    }
    if (values['print-policy']) {
      out('');
      out('Policy snippet pointing extensions at this collector (see docs/deploy.md):');
      out(policySnippet(running.url, undefined, '<your-org>/<your-team>'));
    }
    return -1; // keeps running
  }

  if (command === 'migrate') {
    const store = await openStore(storeOptions(config), { runMigrations: false });
    try {
      const applied = await migrate(store.db);
      out(applied.length ? `Applied: ${applied.join(', ')}` : 'The schema is up to date.');
    } finally {
      await store.close();
    }
    return 0;
  }

  if (command === 'demo') {
    const { runDemo } = await import('../demo');
    await runDemo(config);
    return -1;
  }

  if (command === 'token' && sub === 'create') {
    const role = values.role as Role | undefined;
    if (!role || !ROLES.includes(role)) throw new CliError('--role must be enroll, lead or admin.');
    const team = values.team ?? null;
    if (team !== null && !TeamPath.safeParse(team).success) throw new CliError(`--team "${team}" is not a team path: 1–6 segments of lowercase letters, digits and hyphens (no leading hyphen), joined by /.`);
    if (team === null && role !== 'admin') throw new CliError(`--team is required for a ${role} token (a path such as acme or acme/sales; it need not exist yet).`);
    const t = await withOps(config, flags, (ops) => ops.createToken(role, team));
    if (values.json) out(JSON.stringify(t));
    else {
      out(`Created ${t.role} token ${t.id}${t.team ? ` for ${t.team}` : ' for the whole collector'}. It is shown once:`);
      out(t.token);
    }
    return 0;
  }

  if (command === 'token' && sub === 'list') {
    const tokens = await withOps(config, flags, (ops) => ops.listTokens());
    if (values.json) out(JSON.stringify({ tokens }));
    else for (const t of tokens) out([t.id, t.role.padEnd(6), t.prefix.padEnd(16), t.team ?? '(all)', t.createdAt, t.revokedAt ? `revoked ${t.revokedAt}` : 'active'].join('  '));
    return 0;
  }

  if (command === 'token' && sub === 'revoke') {
    if (!arg) throw new CliError('Say which token: token revoke <id> (ids are in `token list`).');
    const ok = await withOps(config, flags, (ops) => ops.revokeToken(arg));
    if (!ok) throw new CliError(`No token ${arg}.`);
    out(`Revoked ${arg}.`);
    return 0;
  }

  if (command === 'team' && sub === 'list') {
    const teams = await withOps(config, flags, (ops) => ops.listTeams());
    if (values.json) out(JSON.stringify({ teams }));
    else out(teams.length ? teams.join('\n') : '(no teams yet: they appear with their first snapshot)');
    return 0;
  }

  throw new CliError(`Unknown command: ${positionals.join(' ')}\n\n${USAGE}`);
}

export async function run(argv = process.argv.slice(2)): Promise<void> {
  try {
    const code = await main(argv);
    if (code >= 0) process.exit(code);
  } catch (e) {
    if (e instanceof ConfigError) err(`Bad setting ${e.message}`);
    else if (e instanceof LockError || e instanceof CliError) err(e.message);
    else if (e instanceof TypeError && 'code' in e && String((e as { code: unknown }).code).startsWith('ERR_PARSE_ARGS')) err(`${e.message}\n\n${USAGE}`);
    else err(`leadline-collector: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}
