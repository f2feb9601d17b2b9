/** Shows upload progress: a bar on a terminal (cli-progress), one plain line per batch elsewhere (logs, CI, pipes). */
import { WriteStream } from 'node:tty';
import { SingleBar } from 'cli-progress';
import type { UploadProgress } from '@tidepool/sdk';
import type { CliOutput } from '../cli-io.js';

export interface ProgressDisplay {
  update(progress: UploadProgress): void;
  /** Ends the bar, so that what is written next starts on a line of its own. */
  stop(): void;
}

/** A display on `output`, sized for `total` items. */
export function createProgressDisplay(output: CliOutput, total: number): ProgressDisplay {
  if (output instanceof WriteStream && output.isTTY) {
    const bar = new SingleBar({
      // The bar moves the cursor, so only a real terminal (process.stdout on a TTY) gets one.
      stream: output,
      format:
        'Uploading [{bar}] {percentage}% | {value}/{total} items | stored {stored}, duplicates {duplicates}, rejected {rejected}',
      hideCursor: true,
      clearOnComplete: false,
    });
    bar.start(total, 0, { stored: 0, duplicates: 0, rejected: 0 });
    return {
      update: ({ sent, stored, duplicates, rejected }) => {
        bar.update(sent, { stored, duplicates, rejected });
      },
      stop: () => {
        bar.stop();
      },
    };
  }
  return {
    update: ({ sent, batches, totalBatches, stored, duplicates, rejected }) => {
      output.write(
        `batch ${batches}/${totalBatches}: ${sent}/${total} items sent ` +
          `(stored ${stored}, duplicates ${duplicates}, rejected ${rejected})\n`,
      );
    },
    stop: () => undefined,
  };
}
