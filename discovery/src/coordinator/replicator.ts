/** Pushes the publishes, heartbeats and removals a coordinator receives to its peers (`POST /v1/replicate`). */
import type { Logger } from 'pino';
import type { Coordinator } from '@tidepool/spec';
import type { ListingChange } from '../watch-event-types.js';
import type { CoordinatorApi } from '../coordinator-api.js';

export interface ReplicatorOptions {
  readonly coordinatorId: string;
  /** The peers to send to, asked at every push (membership changes). */
  readonly peers: () => readonly Coordinator[];
  readonly apiFor: (peer: Coordinator) => CoordinatorApi;
  readonly logger: Logger;
  /** A batch stays below this many bytes of JSON, under the peers' body limit. */
  readonly maximumBatchBytes: number;
  /** A peer further behind than this many changes loses its queue; heartbeats heal it. */
  readonly maximumQueueLength?: number;
}

interface PeerQueue {
  readonly peer: Coordinator;
  readonly pending: { readonly change: ListingChange; readonly bytes: number }[];
  sending: boolean;
}

/**
 * One queue per peer, sent in order, one batch in flight at a time, so that a peer sees a
 * publisher's heartbeat and its removal in the order this coordinator received them. A failed
 * batch is dropped rather than retried: publishers renew every listing each heartbeat interval,
 * and a restarting peer catches up from a snapshot, so a peer that missed changes is whole again
 * within one interval (upserts) or one expiry (removals).
 */
export class Replicator {
  private readonly options: ReplicatorOptions;
  private readonly queues = new Map<string, PeerQueue>();
  private closed = false;

  constructor(options: ReplicatorOptions) {
    this.options = options;
  }

  /** Queues a change (or a renewal, as an unchanged upsert) for every peer. */
  push(change: ListingChange): void {
    if (this.closed) return;
    const bytes = Buffer.byteLength(JSON.stringify(change));
    for (const peer of this.options.peers()) {
      let queue = this.queues.get(peer.host);
      if (queue === undefined) {
        queue = { peer, pending: [], sending: false };
        this.queues.set(peer.host, queue);
      }
      if (queue.pending.length >= (this.options.maximumQueueLength ?? 10_000)) {
        this.options.logger.warn(
          { peer: peer.host, dropped: queue.pending.length },
          'peer too far behind: queue dropped',
        );
        queue.pending.length = 0;
      }
      queue.pending.push({ change, bytes });
      if (!queue.sending) {
        queue.sending = true;
        // Send on the next turn of the event loop, so that changes of the same moment share a batch.
        const started = queue;
        setImmediate(() => void this.drain(started));
      }
    }
  }

  close(): void {
    this.closed = true;
    this.queues.clear();
  }

  private async drain(queue: PeerQueue): Promise<void> {
    while (queue.pending.length > 0 && !this.closed) {
      const batch = this.takeBatch(queue);
      try {
        const answer = await this.options.apiFor(queue.peer).replicate({
          body: { from: this.options.coordinatorId, events: batch },
        });
        if (answer.status !== 200) throw new Error(`answered ${answer.status}`);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        this.options.logger.debug(
          { peer: queue.peer.host, changes: batch.length, reason },
          'replication failed',
        );
      }
    }
    queue.sending = false;
  }

  private takeBatch(queue: PeerQueue): ListingChange[] {
    const batch: ListingChange[] = [];
    let bytes = 64;
    while (queue.pending.length > 0) {
      const next = queue.pending[0];
      if (next === undefined || (batch.length > 0 && bytes + next.bytes + 1 > this.options.maximumBatchBytes))
        break;
      batch.push(next.change);
      bytes += next.bytes + 1;
      queue.pending.shift();
    }
    return batch;
  }
}
