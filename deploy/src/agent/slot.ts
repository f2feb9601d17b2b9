/** One slot: a named place that runs one bundle as a child process, restarted with back-off when it crashes (DESIGN.md §8). */
import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import { findFreePort } from '@tidepool/kit';
import type { Slot as SlotView, SlotState } from '@tidepool/spec';
import type { AgentBundle, BundleRegistry, ResolvedBundle } from './bundle-registry.js';
import { localUrl, watchUntilHealthy } from './health-check.js';
import { LogRing } from './log-ring.js';
import { forwardLine } from './forward-line.js';
import { RestartBackoff, type RestartBackoffOptions } from './restart-backoff.js';
import { SlotError } from './slot-error.js';
import { spawnSlotProcess, type ProcessExit, type SlotProcess } from './slot-process.js';
import { nextSlotState, type SlotEvent } from './slot-state.js';

/** How long the agent waits for a slot's process at each step. */
export interface SlotTimings {
  /** From SIGTERM to SIGKILL. */
  readonly stopTimeoutMilliseconds: number;
  /** From spawn to a first healthy `/status`; a process that takes longer is killed and counts as crashed. */
  readonly startTimeoutMilliseconds: number;
  /** Between health probes while starting. */
  readonly healthIntervalMilliseconds: number;
  readonly backoff: RestartBackoffOptions;
  /** Lines of output kept per slot. */
  readonly logLines: number;
}

export interface SlotOptions {
  readonly name: string;
  readonly registry: BundleRegistry;
  readonly logger: Logger;
  readonly timings: SlotTimings;
}

/** A slot as the agent and its tests see it: the contract's view plus the port it listens on. */
export interface SlotDetails extends SlotView {
  readonly port?: number;
}

export class Slot {
  readonly name: string;
  readonly logs: LogRing;
  /** Emits `state` with the new state at every change. */
  readonly events = new EventEmitter();
  #state: SlotState = 'STOPPED';
  #bundle: AgentBundle | undefined;
  #process: SlotProcess | undefined;
  #port: number | undefined;
  #spawnedAt = 0;
  #startedTime: string | undefined;
  #lastExit: ProcessExit | undefined;
  #restarts = 0;
  #starting = false;
  /** Bumped by every stop, so that a start still choosing its port gives up. */
  #generation = 0;
  #restartTimer: NodeJS.Timeout | undefined;
  #stopHealthWatch: () => void = () => undefined;
  readonly #backoff: RestartBackoff;
  readonly #options: SlotOptions;
  readonly #logger: Logger;

  constructor(options: SlotOptions) {
    this.name = options.name;
    this.#options = options;
    this.#logger = options.logger.child({ slot: options.name });
    this.logs = new LogRing(options.timings.logLines);
    this.#backoff = new RestartBackoff(options.timings.backoff);
  }

  get state(): SlotState {
    return this.#state;
  }

  get bundle(): AgentBundle | undefined {
    return this.#bundle;
  }

  /** Whether a start is being prepared (a port being chosen) or a restart is pending. */
  get busy(): boolean {
    return this.#starting || this.#restartTimer !== undefined;
  }

  describe(): SlotDetails {
    return {
      name: this.name,
      state: this.#state,
      ...(this.#bundle && { bundle: { service: this.#bundle.service, version: this.#bundle.version } }),
      ...(this.#process && { pid: this.#process.pid }),
      ...(this.#process && this.#port !== undefined && { port: this.#port }),
      restarts: this.#restarts,
      ...(this.#startedTime !== undefined && { startedTime: this.#startedTime }),
      ...(this.#lastExit && { lastExitCode: this.#lastExit.code, lastExitSignal: this.#lastExit.signal }),
    };
  }

  /** Sets the bundle; it takes effect at the next start or restart (shio contract). */
  load(bundle: AgentBundle): void {
    this.#options.registry.resolve(bundle);
    this.#bundle = bundle;
    this.#logger.info({ bundle: { service: bundle.service, version: bundle.version } }, 'bundle loaded');
  }

  unload(): void {
    if (this.#state !== 'STOPPED' || this.busy) {
      throw new SlotError('WRONG_STATE', `Slot ${this.name} is ${this.#state}: stop it before unloading.`);
    }
    this.#bundle = undefined;
    this.logs.clear();
  }

  /** Starts the loaded bundle; resolves once the process is spawned (RUNNING comes with its health check). */
  async start(): Promise<void> {
    const bundle = this.#bundle;
    if (bundle === undefined) throw new SlotError('WRONG_STATE', `Slot ${this.name} has no bundle to start.`);
    if ((this.#state !== 'STOPPED' && this.#state !== 'CRASHED') || this.#starting) {
      throw new SlotError('WRONG_STATE', `Slot ${this.name} is ${this.#state}: stop it before starting it.`);
    }
    const resolved = this.#options.registry.resolve(bundle);
    this.#cancelRestart();
    this.#backoff.reset();
    this.#restarts = 0;
    await this.#spawn(bundle, resolved);
  }

  /** SIGKILL to the process group at once, for an operator who will not wait; the slot then counts it as stopped or crashed. */
  kill(): void {
    this.#cancelRestart();
    this.#process?.kill();
  }

  /** Sends SIGTERM without waiting: the process marks itself draining and finishes its requests. */
  drain(): void {
    if (this.#state === 'DRAINING') return;
    if (this.#state !== 'STARTING' && this.#state !== 'RUNNING') {
      throw new SlotError('WRONG_STATE', `Slot ${this.name} is ${this.#state}: only a running slot drains.`);
    }
    this.#terminate();
  }

  /** Stops the process (SIGTERM, SIGKILL after the stop timeout) and resolves once it has exited. */
  async stop(): Promise<void> {
    this.#generation += 1;
    this.#cancelRestart();
    if (this.#state === 'CRASHED') this.#transition('cancel');
    if (this.#state === 'STARTING' || this.#state === 'RUNNING') this.#terminate();
    const running = this.#process;
    if (running !== undefined) await running.exited;
    // The exit handler runs before `exited` resolves for the caller: the state is STOPPED here.
    this.#backoff.reset();
  }

  async #spawn(bundle: AgentBundle, resolved: ResolvedBundle): Promise<void> {
    this.#starting = true;
    const generation = this.#generation;
    let port: number;
    try {
      const given = Number.parseInt(bundle.config.PORT ?? '0', 10);
      port = given > 0 ? given : await findFreePort(hostToProbe(bundle.config.HOST));
    } finally {
      this.#starting = false;
    }
    // A stop may have come while the port was chosen.
    if (generation !== this.#generation || (this.#state !== 'STOPPED' && this.#state !== 'CRASHED')) return;
    const environment = { ...resolved.environment, ...bundle.config, PORT: String(port) };
    const spawned = spawnSlotProcess({
      entry: resolved.entry,
      nodeFlags: resolved.nodeFlags,
      workingDirectory: resolved.codeRoot,
      environment,
      onLine: (stream, line) => {
        this.logs.push(line);
        forwardLine(this.#logger, stream, line);
      },
    });
    this.#process = spawned;
    this.#port = port;
    this.#spawnedAt = Date.now();
    this.#startedTime = new Date().toISOString();
    this.#transition('spawn');
    this.#logger.info(
      { bundle: { service: bundle.service, version: bundle.version }, pid: spawned.pid, port },
      'started',
    );
    void spawned.exited.then((exit) => {
      this.#exited(spawned, exit);
    });
    this.#watchHealth(spawned, localUrl(bundle.config.HOST, port));
  }

  #watchHealth(spawned: SlotProcess, url: string): void {
    const { startTimeoutMilliseconds, healthIntervalMilliseconds } = this.#options.timings;
    this.#stopHealthWatch = watchUntilHealthy({
      url,
      intervalMilliseconds: healthIntervalMilliseconds,
      timeoutMilliseconds: startTimeoutMilliseconds,
      // The process may exit or be stopped while a probe is out.
      stillWanted: () => this.#process === spawned && this.#state === 'STARTING',
      onHealthy: () => {
        this.#transition('healthy');
      },
      onTimeout: () => {
        this.#logger.error({ url }, `no healthy /status within ${startTimeoutMilliseconds} ms: killing it`);
        spawned.kill();
      },
    });
  }

  #terminate(): void {
    const running = this.#process;
    if (running === undefined) return;
    this.#transition('terminate');
    running.terminate();
    const timer = setTimeout(() => {
      this.#logger.warn(
        `did not exit within ${this.#options.timings.stopTimeoutMilliseconds} ms: killing it`,
      );
      running.kill();
    }, this.#options.timings.stopTimeoutMilliseconds);
    void running.exited.then(() => {
      clearTimeout(timer);
    });
  }

  #exited(spawned: SlotProcess, exit: ProcessExit): void {
    if (this.#process !== spawned) return;
    this.#stopHealthWatch();
    this.#process = undefined;
    this.#lastExit = exit;
    const wasAsked = this.#state === 'DRAINING';
    this.#transition('exit');
    if (wasAsked) {
      this.#logger.info({ code: exit.code, signal: exit.signal }, 'stopped');
      return;
    }
    const delay = this.#backoff.crashed(Date.now() - this.#spawnedAt);
    this.#logger.error(
      { code: exit.code, signal: exit.signal, restartInMilliseconds: delay, crashes: this.#backoff.crashes },
      'crashed',
    );
    this.#restartTimer = setTimeout(() => {
      this.#restartTimer = undefined;
      void this.#restart();
    }, delay);
  }

  async #restart(): Promise<void> {
    const bundle = this.#bundle;
    if (this.#state !== 'CRASHED' || bundle === undefined) return;
    try {
      this.#restarts += 1;
      await this.#spawn(bundle, this.#options.registry.resolve(bundle));
    } catch (error) {
      // The code went away or could not be spawned: count it as one more crash.
      this.#logger.error(
        { reason: error instanceof Error ? error.message : String(error) },
        'restart failed',
      );
      this.#restartTimer = setTimeout(() => {
        this.#restartTimer = undefined;
        void this.#restart();
      }, this.#backoff.crashed(0));
    }
  }

  #cancelRestart(): void {
    clearTimeout(this.#restartTimer);
    this.#restartTimer = undefined;
  }

  #transition(event: SlotEvent): void {
    const next = nextSlotState(this.#state, event);
    if (next === undefined) throw new Error(`Slot ${this.name}: ${event} cannot happen in ${this.#state}.`);
    this.#state = next;
    this.events.emit('state', next);
  }
}

function hostToProbe(host: string | undefined): string {
  return host === undefined || host === '' || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
}
