/** Which coordinators a coordinator knows: its seed list plus what gossip tells it (DESIGN.md §7). */
import type { Logger } from 'pino';
import type { Coordinator, CoordinatorAnnouncement } from '@tidepool/spec';
import type { CoordinatorApi } from '../coordinator-api.js';
import { hostOf } from '../coordinator-url.js';

export interface MembershipOptions {
  /** Base URLs of the seed coordinators (HAKKEN_PEERS); they are never forgotten. */
  readonly seeds: readonly string[];
  /** How often this coordinator announces itself to every peer it knows. */
  readonly gossipIntervalMs: number;
  /** A peer learned by gossip is forgotten after this many failed announcements in a row. */
  readonly forgetAfterFailures: number;
  readonly apiFor: (peer: Coordinator) => CoordinatorApi;
  readonly logger: Logger;
  /** Called for each peer heard of for the first time, or heard again with a new id (restarted). */
  readonly onPeerJoined?: (peer: Coordinator) => void;
}

interface Peer {
  coordinator: Coordinator;
  readonly seed: boolean;
  failures: number;
}

/**
 * The membership of one coordinator. Every gossip round it announces itself and the peers it
 * knows to each of them (`POST /v1/coordinator`) and merges their lists into its own, so that
 * coordinators seeded with any one of the others come to know them all.
 */
export class Membership {
  private readonly options: MembershipOptions;
  private readonly peers = new Map<string, Peer>();
  private self: Coordinator | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(options: MembershipOptions) {
    this.options = options;
    for (const seed of options.seeds) {
      const host = hostOf(seed);
      const protocol = seed.startsWith('https:') ? 'https' : 'http';
      this.peers.set(host, { coordinator: { host, protocol }, seed: true, failures: 0 });
    }
  }

  /** Starts gossiping as `self`; the first round goes out at once, so that peers learn of a restart. */
  start(self: Coordinator): void {
    this.self = self;
    this.peers.delete(self.host);
    void this.gossipRound();
  }

  /** The peers known, without this coordinator. */
  knownPeers(): Coordinator[] {
    return [...this.peers.values()].map((peer) => peer.coordinator);
  }

  /** Peers whose last announcement got an answer. */
  reachablePeerCount(): number {
    return [...this.peers.values()].filter((peer) => peer.failures === 0 && peer.coordinator.id !== undefined)
      .length;
  }

  /** Every coordinator known, this one first: the answer to `GET /v1/coordinator`. */
  list(): Coordinator[] {
    return [...(this.self === undefined ? [] : [this.self]), ...this.knownPeers()];
  }

  /** Takes in a peer's announcement (`POST /v1/coordinator`): the sender is alive, its peers exist. */
  merge(announcement: CoordinatorAnnouncement): void {
    const { peers = [], ...sender } = announcement;
    this.learn(sender, true);
    for (const peer of peers) this.learn(peer, false);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }

  /** Adds or refreshes a peer; `heard` says the peer itself spoke (so it is reachable). */
  private learn(coordinator: Coordinator, heard: boolean): void {
    if (this.self !== undefined && (coordinator.host === this.self.host || coordinator.id === this.self.id))
      return;
    const known = this.peers.get(coordinator.host);
    if (known !== undefined) {
      if (heard) this.heardFrom(known, coordinator);
      return;
    }
    // The same coordinator under another name (a seed given as `localhost:…`): one entry is enough.
    if (coordinator.id !== undefined && this.knownPeers().some((peer) => peer.id === coordinator.id)) return;
    this.peers.set(coordinator.host, { coordinator, seed: false, failures: heard ? 0 : 1 });
    this.options.logger.info({ peer: coordinator.host }, 'peer joined');
    this.options.onPeerJoined?.(coordinator);
  }

  /** A peer answered or announced itself: it is reachable, and a new id means it (re)started. */
  private heardFrom(peer: Peer, said: Coordinator): void {
    peer.failures = 0;
    if (said.id === undefined || said.id === peer.coordinator.id) return;
    const restarted = peer.coordinator.id !== undefined;
    peer.coordinator = { ...peer.coordinator, id: said.id };
    this.options.logger.info(
      { peer: peer.coordinator.host, id: said.id },
      restarted ? 'peer restarted' : 'peer met',
    );
    this.options.onPeerJoined?.(peer.coordinator);
  }

  private async gossipRound(): Promise<void> {
    const self = this.self;
    if (this.closed || self === undefined) return;
    const announcement: CoordinatorAnnouncement = { ...self, peers: this.knownPeers() };
    await Promise.all(
      [...this.peers.values()].map(async (peer) => {
        try {
          const answer = await this.options
            .apiFor(peer.coordinator)
            .announceCoordinator({ body: announcement });
          if (answer.status !== 200) throw new Error(`answered ${answer.status}`);
          // The answer lists the peer itself first (see `list`).
          const [sender, ...others] = answer.body;
          this.heardFrom(peer, sender ?? peer.coordinator);
          for (const other of others) this.learn(other, false);
        } catch (error) {
          this.failed(peer, error);
        }
      }),
    );
    this.scheduleGossip();
  }

  private scheduleGossip(): void {
    if (this.closed) return;
    this.timer = setTimeout(() => void this.gossipRound(), this.options.gossipIntervalMs);
    this.timer.unref();
  }

  private failed(peer: Peer, error: unknown): void {
    peer.failures += 1;
    const reason = error instanceof Error ? error.message : String(error);
    if (peer.failures === 1)
      this.options.logger.warn({ peer: peer.coordinator.host, reason }, 'peer unreachable');
    if (!peer.seed && peer.failures >= this.options.forgetAfterFailures) {
      this.peers.delete(peer.coordinator.host);
      this.options.logger.info({ peer: peer.coordinator.host }, 'peer forgotten');
    }
  }
}
