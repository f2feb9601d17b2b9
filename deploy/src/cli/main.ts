/** `shio`: the command line of the platform's servers and slots; see `shio --help`. */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runShio } from './program.js';

const codeRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
process.exitCode = await runShio(process.argv.slice(2), {
  writeOut: (text) => process.stdout.write(text),
  writeErr: (text) => process.stderr.write(text),
  environment: process.env,
  codeRoot,
});
