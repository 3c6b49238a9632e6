import { Command, InvalidArgumentError, Option } from 'commander';
import { randomBytes } from 'node:crypto';
import {
  addMembership,
  API_KEY_SCOPES,
  createApiKey,
  createAuth,
  createOrganization,
  createUserWithPassword,
  findUserByEmail,
  getLocation,
  getOrganization,
  ROLES,
  type ApiKeyScope,
  type Role,
} from '../access/index.ts';
import { ConfigError, pgliteDirOf, resolveConfig, type ConfigFlags, type KeymomentConfig } from '../platform/config.ts';
import { DataDirInUseError } from '../platform/data-dir-lock.ts';
import type { Database } from '../platform/database.ts';
import { loadOrCreateSessionSecret } from '../platform/instance-settings.ts';
import { createMailer } from '../platform/mail.ts';
import { runMigrationsWithBackup } from '../platform/migrations.ts';
import { createKeymoment, createLogger, openConfiguredDatabase, VERSION } from '../main.ts';
import { registerAnalyzeCommand } from './analyze-command.ts';
import { registerDemoCommand } from './demo/command.ts';
import { registerDemoRoutes } from './demo/demo-routes.ts';
import { registerImportCommand } from './import-command.ts';
import { registerTextCommand } from './text-command.ts';

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

const defaultIo: Io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

/** Every command that touches the database takes the same two options. */
function withDatabaseOptions(command: Command): Command {
  return command
    .option('--data-dir <dir>', 'folder of the embedded database (env KEYMOMENT_DATA_DIR)', undefined)
    .option('--database-url <url>', 'postgres://… to use a PostgreSQL server instead (env DATABASE_URL)', undefined);
}

function configFrom(flags: ConfigFlags): KeymomentConfig {
  return resolveConfig(flags);
}

/**
 * Opens the database for a one-shot administrative command. On the embedded database this takes
 * the directory lock, so it refuses (naming the server's PID) while a server runs on it.
 */
async function withDatabase<T>(flags: ConfigFlags, command: string, work: (database: Database) => Promise<T>): Promise<T> {
  const config = configFrom(flags);
  const { database, lock } = await openConfiguredDatabase(config, command);
  try {
    await runMigrationsWithBackup(database, pgliteDirOf(config.databaseUrl));
    return await work(database);
  } finally {
    await database.close();
    lock?.release();
  }
}

function parseRole(value: string): Role {
  if (!(ROLES as readonly string[]).includes(value)) throw new InvalidArgumentError(`choose one of ${ROLES.join(', ')}`);
  return value as Role;
}

function parseScopes(value: string): ApiKeyScope[] {
  const scopes = value.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = scopes.filter((s) => !(API_KEY_SCOPES as readonly string[]).includes(s));
  if (scopes.length === 0 || unknown.length > 0) {
    throw new InvalidArgumentError(`a comma-separated list of ${API_KEY_SCOPES.join(', ')}${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}`);
  }
  return scopes as ApiKeyScope[];
}

function parsePort(value: string): string {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new InvalidArgumentError('a port number from 0 to 65535');
  return value;
}

export function buildProgram(io: Io = defaultIo): Command {
  const program = new Command('keymoment')
    .description('Keymoment: measure, understand and recover every moment of truth')
    .version(VERSION)
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError();

  withDatabaseOptions(
    program
      .command('start')
      .description('start the server (embedded database in ./data unless --database-url is given)')
      .addOption(new Option('--port <port>', 'HTTP port (env PORT)').argParser(parsePort))
      .option('--host <host>', 'interface to listen on (env HOST)')
      .option('--public-url <url>', 'address people use to reach the server, for e-mailed links (env KEYMOMENT_PUBLIC_URL)'),
  ).action(async (flags: ConfigFlags) => {
    await startServer(configFrom(flags), io);
  });

  withDatabaseOptions(program.command('migrate').description('bring the database schema up to date and exit')).action(
    async (flags: ConfigFlags) => {
      await withDatabase(flags, 'keymoment migrate', async () => undefined);
      io.out('Database schema is up to date.\n');
    },
  );

  const org = program.command('org').description('organisations (tenants)');
  withDatabaseOptions(
    org
      .command('create')
      .description('create an organisation')
      .requiredOption('--name <name>', 'organisation name')
      .option('--locale <locale>', 'default language: en, zh-CN, zh-TW, ru or hu', 'en')
      .option('--timezone <zone>', 'IANA time zone, e.g. Asia/Shanghai', 'UTC')
      .option('--json', 'print the result as JSON'),
  ).action(async (flags: ConfigFlags & { name: string; locale: string; timezone: string; json?: boolean }) => {
    const organization = await withDatabase(flags, 'keymoment org create', (database) =>
      createOrganization(database.db, { name: flags.name, defaultLocale: flags.locale, timezone: flags.timezone }),
    );
    io.out(flags.json ? `${JSON.stringify(organization)}\n` : `Created organisation "${organization.name}" with id ${organization.orgId}\n`);
  });

  const user = program.command('user').description('people who sign in');
  withDatabaseOptions(
    user
      .command('create')
      .description('create a person (or add an existing one) as a member of an organisation')
      .requiredOption('--org <orgId>', 'organisation id')
      .requiredOption('--email <email>', 'e-mail address (the sign-in name)')
      .option('--name <name>', 'display name (default: the part of the e-mail before @)')
      .option('--password <password>', 'initial password, at least 8 characters (default: a generated one, printed once)')
      .addOption(new Option('--role <role>', `one of ${ROLES.join(', ')}`).argParser(parseRole).makeOptionMandatory())
      .option('--location <locationId>', 'limit the member to this location and everything below it')
      .option('--json', 'print the result as JSON'),
  ).action(
    async (
      flags: ConfigFlags & { org: string; email: string; name?: string; password?: string; role: Role; location?: string; json?: boolean },
    ) => {
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(flags.email)) throw new Error(`--email: "${flags.email}" is not an e-mail address`);
      if (flags.password !== undefined && flags.password.length < 8) throw new Error('--password must have at least 8 characters');
      const password = flags.password ?? randomBytes(12).toString('base64url');
      const result = await withDatabase(flags, 'keymoment user create', async (database) => {
        await getOrganization(database.db, flags.org).catch(() => {
          throw new Error(`--org: no organisation with id ${flags.org}`);
        });
        if (flags.location) {
          await getLocation(database.db, flags.org, flags.location).catch(() => {
            throw new Error(`--location: no location with id ${flags.location} in this organisation`);
          });
        }
        const config = configFrom(flags);
        const secret = await loadOrCreateSessionSecret(database.db);
        const auth = createAuth({ db: database.db, secret, publicUrl: config.publicUrl, mailer: createMailer(undefined, config.mailFrom, createLogger('silent')) });
        const existing = await findUserByEmail(database.db, flags.email);
        const person =
          existing ??
          (await createUserWithPassword(auth, { email: flags.email.toLowerCase(), name: flags.name ?? flags.email.split('@')[0]!, password }));
        await addMembership(database.db, flags.org, { userId: person.id, role: flags.role, locationId: flags.location ?? null });
        return { userId: person.id, email: person.email, created: existing === undefined };
      });
      if (flags.json) {
        io.out(`${JSON.stringify({ ...result, role: flags.role, ...(result.created && !flags.password ? { password } : {}) })}\n`);
      } else {
        io.out(`${result.created ? 'Created' : 'Added existing'} user ${result.email} (${result.userId}) as ${flags.role}\n`);
        if (result.created && !flags.password) io.out(`Generated password (shown once): ${password}\n`);
      }
    },
  );

  const apiKey = program.command('api-key').description('keys for machine clients');
  withDatabaseOptions(
    apiKey
      .command('create')
      .description('create an API key; the key is printed once and only its hash is stored')
      .requiredOption('--org <orgId>', 'organisation id')
      .addOption(new Option('--scopes <scopes>', `comma-separated: ${API_KEY_SCOPES.join(', ')}`).argParser(parseScopes).makeOptionMandatory())
      .option('--name <name>', 'what the key is for', 'CLI key')
      .option('--json', 'print the result as JSON'),
  ).action(async (flags: ConfigFlags & { org: string; scopes: ApiKeyScope[]; name: string; json?: boolean }) => {
    const { apiKey: row, key } = await withDatabase(flags, 'keymoment api-key create', async (database) => {
      await getOrganization(database.db, flags.org).catch(() => {
        throw new Error(`--org: no organisation with id ${flags.org}`);
      });
      return createApiKey(database.db, flags.org, { name: flags.name, scopes: flags.scopes, createdBy: null });
    });
    io.out(flags.json ? `${JSON.stringify({ apiKeyId: row.apiKeyId, key, scopes: row.scopes })}\n` : `API key ${row.apiKeyId} (${row.scopes.join(', ')}), shown once:\n${key}\n`);
  });

  registerAnalyzeCommand(program, io);
  registerDemoCommand(program, io);
  registerImportCommand(program, io);
  registerTextCommand(program, io);
  return program;
}

async function startServer(config: KeymomentConfig, io: Io): Promise<void> {
  let keymoment;
  try {
    // The "Load demo data" endpoint of an empty workspace lives with the demo generator in the CLI layer.
    keymoment = await createKeymoment(config, { command: 'keymoment start', routes: [registerDemoRoutes] });
  } catch (error) {
    if (error instanceof DataDirInUseError || error instanceof ConfigError) {
      io.err(`${error.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
  const { app, setupToken } = keymoment;
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    io.out(`\n${signal} received: finishing requests and jobs, then closing the database…\n`);
    keymoment.close().then(
      () => process.exit(0),
      (error: unknown) => {
        io.err(`Shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = config.publicUrl.replace(/:\d+$/, `:${port}`);
  const where = keymoment.database.engine === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL';
  io.out(`\nKeymoment ${VERSION} is running at ${url}  (${where})\n`);
  if (setupToken) {
    io.out(`\nFirst start: open this one-time link to create your organisation and administrator account:\n  ${url}/setup?token=${setupToken}\n\n`);
  }
}
