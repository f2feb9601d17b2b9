/** The shio agent of one server: its named slots and what may be done with them (DESIGN.md §8). */
import type { Logger } from 'pino';
import { SlotNameSchema, type Server } from '@tidepool/spec';
import type { AgentBundle, BundleRegistry } from './bundle-registry.js';
import { embeddedDatabaseDirectory } from './embedded-database.js';
import { DEFAULT_RESTART_BACKOFF } from './restart-backoff.js';
import { SlotError } from './slot-error.js';
import { Slot, type SlotDetails, type SlotTimings } from './slot.js';

export const DEFAULT_SLOT_TIMINGS: SlotTimings = {
  // The services' SHUTDOWN_TIMEOUT_MS (10 s) plus the drain delay, with room to spare.
  stopTimeoutMilliseconds: 20_000,
  startTimeoutMilliseconds: 60_000,
  healthIntervalMilliseconds: 100,
  backoff: DEFAULT_RESTART_BACKOFF,
  logLines: 500,
};

export interface AgentOptions {
  /** The server's name, as the CLI shows it. */
  readonly name: string;
  /** The machine (host name) it runs on. */
  readonly machine: string;
  readonly registry: BundleRegistry;
  readonly logger: Logger;
  readonly timings?: Partial<SlotTimings>;
}

export class Agent {
  readonly name: string;
  readonly machine: string;
  readonly #slots = new Map<string, Slot>();
  readonly #options: AgentOptions;
  readonly #timings: SlotTimings;

  constructor(options: AgentOptions) {
    this.name = options.name;
    this.machine = options.machine;
    this.#options = options;
    this.#timings = { ...DEFAULT_SLOT_TIMINGS, ...options.timings };
  }

  /** Every slot, or those whose name starts with `prefix`, by name. */
  slots(prefix = ''): Slot[] {
    return [...this.#slots.values()]
      .filter((slot) => slot.name.startsWith(prefix))
      .sort((left, right) => left.name.localeCompare(right.name));
  }

  slot(name: string): Slot {
    const slot = this.#slots.get(name);
    if (slot === undefined) throw new SlotError('NO_SUCH_SLOT', `There is no slot ${name} on ${this.name}.`);
    return slot;
  }

  createSlot(name: string): Slot {
    if (!SlotNameSchema.safeParse(name).success) {
      throw new SlotError('BAD_BUNDLE', `"${name}" is not a slot name (lowercase letters, digits and -).`);
    }
    if (this.#slots.has(name)) throw new SlotError('SLOT_EXISTS', `Slot ${name} exists on ${this.name}.`);
    const slot = new Slot({
      name,
      registry: this.#options.registry,
      logger: this.#options.logger,
      timings: this.#timings,
    });
    this.#slots.set(name, slot);
    return slot;
  }

  deleteSlot(name: string): void {
    const slot = this.slot(name);
    if (slot.state !== 'STOPPED' || slot.busy) {
      throw new SlotError('WRONG_STATE', `Slot ${name} is ${slot.state}: stop it before deleting it.`);
    }
    this.#slots.delete(name);
  }

  load(name: string, bundle: AgentBundle): SlotDetails {
    const slot = this.slot(name);
    slot.load(bundle);
    return slot.describe();
  }

  unload(name: string): SlotDetails {
    const slot = this.slot(name);
    slot.unload();
    return slot.describe();
  }

  /** Starts a slot, refusing when another live slot holds the embedded database it would open. */
  async start(name: string): Promise<SlotDetails> {
    const slot = this.slot(name);
    this.#assertDatabaseFree(slot);
    await slot.start();
    return slot.describe();
  }

  async stop(name: string): Promise<SlotDetails> {
    const slot = this.slot(name);
    await slot.stop();
    return slot.describe();
  }

  drain(name: string): SlotDetails {
    const slot = this.slot(name);
    slot.drain();
    return slot.describe();
  }

  async restart(name: string): Promise<SlotDetails> {
    const slot = this.slot(name);
    if (slot.bundle === undefined) throw new SlotError('WRONG_STATE', `Slot ${name} has no bundle to start.`);
    await slot.stop();
    return this.start(name);
  }

  /** Stops every slot at once and resolves when all have exited. */
  async stopAll(): Promise<void> {
    await Promise.all(this.slots().map((slot) => slot.stop()));
  }

  describe(host: string): Server {
    return {
      name: this.name,
      machine: this.machine,
      host,
      slots: this.slots().map((slot) => slot.describe()),
    };
  }

  #databaseOf(slot: Slot): string | undefined {
    const bundle = slot.bundle;
    if (bundle === undefined) return undefined;
    try {
      const resolved = this.#options.registry.resolve(bundle);
      return embeddedDatabaseDirectory(
        bundle.service,
        bundle.config,
        resolved.codeRoot,
        resolved.embeddedDatabase,
      );
    } catch {
      // Code that is gone cannot be started, so it holds no database either.
      return undefined;
    }
  }

  #assertDatabaseFree(slot: Slot): void {
    const directory = this.#databaseOf(slot);
    if (directory === undefined) return;
    for (const other of this.#slots.values()) {
      if (other === slot || (other.state === 'STOPPED' && !other.busy)) continue;
      if (this.#databaseOf(other) === directory) {
        throw new SlotError(
          'DATABASE_IN_USE',
          `Slot ${other.name} holds the embedded database in ${directory}; an embedded database serves ` +
            'one process. Give this slot its own DATA_DIR, or run the service on PostgreSQL.',
        );
      }
    }
  }
}
