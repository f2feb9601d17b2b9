/** The loop of the re-encrypt command: batches until nothing is left under an older salt version. */
import type { ReencryptResult } from '@tidepool/spec';

export interface ReencryptionOutcome {
  /** Documents this run re-encrypted. */
  readonly reencrypted: number;
  /** Documents still under an older version at the end: 0 unless they belong to no account. */
  readonly remaining: number;
}

export interface ReencryptUntilDoneOptions {
  /** One batch: `POST /metadata/internal/reencrypt {limit}`. */
  readonly batch: (limit: number) => Promise<ReencryptResult>;
  readonly limit: number;
  /** Progress, one line per batch. */
  readonly report: (line: string) => void;
}

/**
 * Calls `batch` until `remaining` is 0. It also stops when a whole pass over the accounts, begun
 * and ended within this run, moved nothing: what is left then belongs to no account (a user
 * deleted before metadata took part in erasures), and more passes would never move it.
 *
 * @example
 * const outcome = await reencryptUntilDone({ batch, limit: 100, report: console.log });
 */
export async function reencryptUntilDone(options: ReencryptUntilDoneOptions): Promise<ReencryptionOutcome> {
  let reencrypted = 0;
  let passBegun = false;
  let movedThisPass = 0;
  for (;;) {
    const result = await options.batch(options.limit);
    reencrypted += result.reencrypted;
    movedThisPass += result.reencrypted;
    options.report(
      `re-encrypted ${result.reencrypted} in this batch, ${reencrypted} in all; ${result.remaining} remaining`,
    );
    if (result.remaining === 0) return { reencrypted, remaining: 0 };
    if (result.passFinished) {
      if (passBegun && movedThisPass === 0) return { reencrypted, remaining: result.remaining };
      passBegun = true;
      movedThisPass = 0;
    }
  }
}
