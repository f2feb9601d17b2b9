/** Starting a plan's stages in order on an agent, and stopping them in reverse (DESIGN.md §8). */
import type { Logger } from 'pino';
import type { Agent } from '../agent/agent.js';
import { waitForSlotState } from '../agent/wait-for-state.js';
import type { PlanSlot } from './plan-schema.js';

export interface PlanStage {
  readonly name: string;
  readonly slots: readonly PlanSlot[];
}

export interface PlanStages {
  readonly stages: readonly PlanStage[];
}

/** A slot that did not come up; its last lines of output say why. */
export class SlotStartError extends Error {
  override readonly name = 'SlotStartError';

  constructor(
    readonly slot: string,
    reason: string,
    readonly lastLines: readonly string[],
  ) {
    super(
      `Slot ${slot} ${reason}.${lastLines.length === 0 ? '' : ` Its last lines:\n${lastLines.map((line) => `    ${line}`).join('\n')}`}`,
    );
  }
}

export interface StartPlanOptions extends PlanStages {
  readonly agent: Agent;
  readonly logger: Logger;
  /** How long a stage may take to be RUNNING. */
  readonly startTimeoutMilliseconds: number;
  /** Aborted by a stop signal while starting. */
  readonly signal: AbortSignal;
  /** Awaited before a stage's slots start: what they need that is still being made. */
  readonly beforeStage?: (stage: PlanStage) => Promise<void>;
}

function abortable<Value>(promise: Promise<Value>, signal: AbortSignal): Promise<Value> {
  if (signal.aborted) return Promise.reject(new Error('Stopped while starting.'));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      reject(new Error('Stopped while starting.'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => {
      signal.removeEventListener('abort', onAbort);
    });
  });
}

/**
 * Creates, loads and starts each stage's slots, and waits until all of them are RUNNING
 * before the next stage. A slot that crashes or stays unhealthy fails the whole start (the
 * caller then stops what was started): a platform that is half up would only mislead.
 */
export async function startPlan(options: StartPlanOptions): Promise<void> {
  const { agent, logger, signal } = options;
  for (const stage of options.stages) {
    if (options.beforeStage !== undefined) await abortable(options.beforeStage(stage), signal);
    logger.info({ stage: stage.name, slots: stage.slots.map((slot) => slot.name) }, 'starting stage');
    for (const planned of stage.slots) {
      if (signal.aborted) throw new Error('Stopped while starting.');
      agent.createSlot(planned.name);
      agent.load(planned.name, planned.bundle);
      await abortable(agent.start(planned.name), signal);
    }
    // One abort listener for the whole stage: a stage of a dozen slots would pass the
    // signal's default of ten listeners (MaxListenersExceededWarning) with one per slot.
    await abortable(
      Promise.all(
        stage.slots.map(async (planned) => {
          const slot = agent.slot(planned.name);
          let state;
          try {
            state = await waitForSlotState(
              slot,
              ['RUNNING', 'CRASHED', 'STOPPED'],
              options.startTimeoutMilliseconds,
            );
          } catch {
            throw new SlotStartError(
              planned.name,
              `did not answer its health check in time`,
              slot.logs.last(20),
            );
          }
          if (state !== 'RUNNING') {
            const exit = slot.describe();
            const how = exit.lastExitSignal ?? `exit code ${String(exit.lastExitCode)}`;
            throw new SlotStartError(planned.name, `exited while starting (${how})`, slot.logs.last(20));
          }
        }),
      ),
      signal,
    );
  }
}

/**
 * Stops every slot: first those the plan did not make (a deploy may have added some), then the
 * plan's stages in reverse, so that services deregister from hakken before hakken stops.
 */
export async function stopPlan(agent: Agent, plan: PlanStages): Promise<void> {
  const planned = new Set(plan.stages.flatMap((stage) => stage.slots.map((slot) => slot.name)));
  const stopNamed = (names: readonly string[]) =>
    Promise.all(
      names
        .filter((name) => agent.slots(name).some((slot) => slot.name === name))
        .map((name) => agent.stop(name)),
    );
  await stopNamed(
    agent
      .slots()
      .map((slot) => slot.name)
      .filter((name) => !planned.has(name)),
  );
  for (const stage of [...plan.stages].reverse()) await stopNamed(stage.slots.map((slot) => slot.name));
}
