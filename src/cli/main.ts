import { compileWebAssemblyOptimised } from '../platform/webassembly-tiering.ts';
import { buildProgram } from './program.ts';

// Entry point of the `keymoment` command (bin/keymoment.mjs loads this file). The embedded database's
// WebAssembly is compiled optimised from its first call (platform/webassembly-tiering.ts says why).
compileWebAssemblyOptimised();
buildProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    process.stderr.write(`keymoment: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
