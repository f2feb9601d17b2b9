/**
 * A process that logs with styx's logger, for the test of its exit (`access-log.test.ts`): on a
 * message from its parent it logs more than one batch, so that a batch is being written while
 * the next waits, and exits at once.
 */
import { createStyxLogger } from '../observability/access-log.js';

const logger = createStyxLogger({ level: 'info' });
process.once('message', () => {
  for (let index = 1; index <= 200; index += 1) logger.info({ index, text: 'x'.repeat(200) }, 'line');
  process.exit(0);
});
process.send?.('ready');
