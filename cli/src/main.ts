/** Entry of the `tidepool` command (bin/tidepool.js runs it): the process's streams, environment and Ctrl-C. */
import process from 'node:process';
import { runCli } from './run-cli.js';

const controller = new AbortController();
process.once('SIGINT', () => {
  controller.abort(new Error('Stopped by Ctrl-C.'));
});
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: controller.signal,
});
