import { InvalidArgumentError, type Command } from 'commander';
import { ConfigError, resolveConfig, type ConfigFlags } from '../../platform/config.ts';
import { DataDirInUseError } from '../../platform/data-dir-lock.ts';
import { createKeymoment, createLogger } from '../../main.ts';
import { DemoExistsError, runDemo, type DemoProgress } from './run-demo.ts';

/*
 * `keymoment demo`: a living telecom service-hall organisation in one command (issue #5 point 7).
 * It opens the database like `keymoment start` does (so it refuses while a server runs on the same
 * embedded data directory), builds the workspace through the API, and closes again. Jobs are off
 * while it runs; the server started afterwards picks up whatever they have to do (comment analysis).
 */

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

interface DemoFlags extends ConfigFlags {
  months: number;
  scale: number;
  seed: number;
  orgName: string;
  adminEmail?: string;
  json?: boolean;
}

function integerIn(low: number, high: number) {
  return (value: string) => {
    if (!/^-?\d+$/.test(value) || Number(value) < low || Number(value) > high) throw new InvalidArgumentError(`a whole number from ${low} to ${high}`);
    return Number(value);
  };
}

function parseScale(value: string): number {
  const scale = Number(value);
  if (!/^\d*\.?\d+$/.test(value) || !(scale > 0) || scale > 50) throw new InvalidArgumentError('a number above 0 and at most 50 (1 = about 110,000 interactions a year)');
  return scale;
}

/** A bar that redraws in place on a terminal and prints a line every 10 % otherwise (CI logs). */
export function progressPrinter(write: (text: string) => void, isTTY: boolean): (state: DemoProgress) => void {
  let lastTenth = -1;
  return (state) => {
    const share = state.day / state.days;
    const counts = `${state.interactions.toLocaleString('en')} interactions, ${state.responses.toLocaleString('en')} responses`;
    if (isTTY) {
      const width = 30;
      const filled = Math.round(share * width);
      write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(share * 100)).padStart(3)}%  day ${state.day}/${state.days}  ${counts}${state.day === state.days ? '\n' : ''}`);
      return;
    }
    const tenth = Math.floor(share * 10);
    if (tenth !== lastTenth) {
      lastTenth = tenth;
      write(`demo: ${Math.round(share * 100)}% (day ${state.day} of ${state.days}), ${counts}\n`);
    }
  };
}

export function registerDemoCommand(program: Command, io: Io): void {
  program
    .command('demo')
    .description('create a demo organisation: a telecom operator with 30 service halls and a year of feedback')
    .option('--data-dir <dir>', 'folder of the embedded database (env KEYMOMENT_DATA_DIR)', undefined)
    .option('--database-url <url>', 'postgres://… to use a PostgreSQL server instead (env DATABASE_URL)', undefined)
    .option('--months <n>', 'months of history, ending today', integerIn(1, 36), 12)
    .option('--scale <x>', 'traffic multiplier (0.1 = a tenth of the visits)', parseScale, 1)
    .option('--seed <n>', 'random seed: the same seed gives the same data', integerIn(0, 2 ** 31 - 1), 42)
    .option('--org-name <name>', 'name of the demo organisation', 'Keymoment Demo Telecom')
    .option('--admin-email <email>', 'make this person an admin of the demo (created with a printed password if new)')
    .option('--json', 'print the summary as JSON')
    .action(async (flags: DemoFlags) => {
      if (flags.adminEmail !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(flags.adminEmail)) throw new Error(`--admin-email: "${flags.adminEmail}" is not an e-mail address`);
      if (!flags.orgName.trim()) throw new Error('--org-name must not be empty');
      let keymoment;
      try {
        const config = { ...resolveConfig(flags), jobs: false };
        keymoment = await createKeymoment(config, { command: 'keymoment demo', serveWeb: false, logger: createLogger('warn') });
      } catch (error) {
        if (error instanceof DataDirInUseError || error instanceof ConfigError) {
          io.err(`${error.message}\n`);
          process.exitCode = 1;
          return;
        }
        throw error;
      }
      try {
        const started = performance.now();
        const summary = await runDemo(keymoment, {
          orgName: flags.orgName.trim(),
          months: flags.months,
          scale: flags.scale,
          seed: flags.seed,
          ...(flags.adminEmail ? { adminEmail: flags.adminEmail } : {}),
          progress: progressPrinter(io.err, Boolean(process.stderr.isTTY)),
        });
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        if (flags.json) {
          io.out(`${JSON.stringify(summary)}\n`);
        } else {
          io.out(
            `Created the demo organisation "${summary.orgName}" (${summary.orgId}) in ${seconds} s:\n` +
              `  ${summary.regions} regions, ${summary.cities} cities, ${summary.outlets} service halls, ${summary.staff} staff ids\n` +
              `  journey "${summary.journeyKey}" (published), ${summary.surveys} surveys\n` +
              `  ${summary.interactions.toLocaleString('en')} interactions and ${summary.responses.toLocaleString('en')} responses from ${summary.from} to ${summary.to}\n`,
          );
          if (summary.admin?.password) io.out(`Admin ${summary.admin.email} created; generated password (shown once): ${summary.admin.password}\n`);
          else if (summary.admin) io.out(`${summary.admin.email} is an admin of the demo organisation.\n`);
          else io.out(`Sign in to it with: keymoment user create --org ${summary.orgId} --email you@example.com --role admin\n`);
        }
      } catch (error) {
        if (error instanceof DemoExistsError) {
          io.err(`${error.message}\n`);
          process.exitCode = 1;
          return;
        }
        throw error;
      } finally {
        await keymoment.close();
      }
    });
}
