/**
 * A process that logs with the kit's logger and stops on SIGTERM, for the tests of
 * `standardOutput`. `LINES=n` logs n lines and exits at once instead.
 */
import { createLogger } from '../src/logging/create-logger.js';
import { onShutdown } from '../src/lifecycle/on-shutdown.js';

const logger = createLogger({ service: 'logging-process', level: 'info' });
const lines = Number(process.env.LINES ?? 0);
if (lines > 0) {
  for (let index = 1; index <= lines; index += 1) logger.info({ index }, 'line');
  process.exit(0);
}
// Quiet until SIGTERM; closing takes no time, so that the last lines are still pending at exit.
const idle = setInterval(() => undefined, 60_000);
const stopIdling = () => {
  clearInterval(idle);
  return Promise.resolve();
};
onShutdown([{ name: 'idle timer', close: stopIdling }], { logger });
process.send?.('ready');
