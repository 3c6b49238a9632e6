import { buildProgram } from './program.ts';

// Entry point of the `keymoment` command (bin/keymoment.mjs loads this file).
buildProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    process.stderr.write(`keymoment: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
