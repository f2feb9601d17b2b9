/** `shio deploy`: a new bundle rolled over a service's slots one at a time, so that the service never stops answering (DESIGN.md §8). */
import type { Bundle, Listing, Slot } from '@tidepool/spec';
import { expectSuccess, type AgentHandle } from './agent-client.js';
import { OperationError } from './cli-errors.js';

export interface DeployTimings {
  /** From start to RUNNING (its health check answered). */
  readonly healthyMilliseconds: number;
  /** From RUNNING to its listing in hakken, where routers find it. */
  readonly listedMilliseconds: number;
  readonly pollMilliseconds: number;
}

export const DEFAULT_DEPLOY_TIMINGS: DeployTimings = {
  healthyMilliseconds: 60_000,
  listedMilliseconds: 30_000,
  pollMilliseconds: 200,
};

export interface RollingDeployOptions {
  readonly agents: readonly AgentHandle[];
  readonly bundle: Bundle;
  /** How many slots run the service when done. */
  readonly slots: number;
  /** The live listings of the service; absent when hakken is not used (then routers are not waited for). */
  readonly readListings?: () => Promise<Listing[]>;
  /** One line per step, for the person watching. */
  readonly report: (line: string) => void;
  readonly timings?: DeployTimings;
}

/** One slot of the service after the deploy. */
export interface DeployedSlot {
  readonly server: string;
  readonly machine: string;
  readonly slot: string;
  readonly previousVersion: string | undefined;
  readonly version: string | undefined;
}

interface Target {
  readonly agent: AgentHandle;
  readonly slot: Slot;
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

async function readSlot(agent: AgentHandle, name: string): Promise<Slot> {
  const slots = await expectSuccess(agent, agent.client.listSlots({ query: { slot: name } }));
  const slot = slots.find((candidate) => candidate.name === name);
  if (slot === undefined) throw new OperationError(`${agent.name}: slot ${name} is gone.`);
  return slot;
}

async function waitUntilRunning(agent: AgentHandle, name: string, timings: DeployTimings): Promise<Slot> {
  const deadline = Date.now() + timings.healthyMilliseconds;
  for (;;) {
    const slot = await readSlot(agent, name);
    if (slot.state === 'RUNNING') return slot;
    if (slot.state === 'CRASHED' || slot.state === 'STOPPED' || Date.now() > deadline) {
      const logs = await expectSuccess(
        agent,
        agent.client.getSlotLogs({ params: { slot: name }, query: { lines: 20 } }),
      );
      const why =
        Date.now() > deadline
          ? `is still ${slot.state} after ${timings.healthyMilliseconds} ms`
          : `is ${slot.state}`;
      throw new OperationError(
        `${agent.name}/${name} ${why}; the deploy stops here and the other slots keep their bundle. ` +
          `Its last lines:\n${logs.lines.map((line) => `    ${line}`).join('\n')}`,
      );
    }
    await sleep(timings.pollMilliseconds);
  }
}

/** Waits until hakken lists an instance of the service that was not there before, serving (not draining). */
async function waitUntilListed(
  readListings: () => Promise<Listing[]>,
  before: ReadonlySet<string>,
  label: string,
  timings: DeployTimings,
): Promise<void> {
  const deadline = Date.now() + timings.listedMilliseconds;
  for (;;) {
    const listings = await readListings();
    if (listings.some((listing) => listing.draining !== true && !before.has(listing.id ?? ''))) return;
    if (Date.now() > deadline) {
      throw new OperationError(
        `${label} runs but did not appear in hakken within ${timings.listedMilliseconds} ms.`,
      );
    }
    await sleep(timings.pollMilliseconds);
  }
}

/** The slots that run the service now, and new ones to reach `count`, on the agents with the fewest. */
async function chooseTargets(options: RollingDeployOptions): Promise<{ roll: Target[]; retire: Target[] }> {
  const { agents, bundle } = options;
  const listed = await Promise.all(
    agents.map(async (agent) => ({
      agent,
      slots: await expectSuccess(agent, agent.client.listSlots({ query: {} })),
    })),
  );
  const current = listed.flatMap(({ agent, slots }) =>
    slots.filter((slot) => slot.bundle?.service === bundle.service).map((slot) => ({ agent, slot })),
  );
  const roll = current.slice(0, options.slots);
  const retire = current.slice(options.slots);
  while (roll.length < options.slots) {
    const counts = listed.map((entry) => ({
      ...entry,
      mine: roll.filter((target) => target.agent === entry.agent).length,
    }));
    counts.sort((left, right) => left.mine - right.mine || left.slots.length - right.slots.length);
    const chosen = counts[0];
    if (chosen === undefined) throw new OperationError('There is no agent to deploy to.');
    let number = 1;
    while (chosen.slots.some((slot) => slot.name === `${bundle.service}-${number}`)) number += 1;
    const created = await expectSuccess(
      chosen.agent,
      chosen.agent.client.createSlot({ params: { slot: `${bundle.service}-${number}` } }),
    );
    chosen.slots.push(created);
    roll.push({ agent: chosen.agent, slot: created });
  }
  return { roll, retire };
}

async function drainAndStop({ agent, slot }: Target, report: (line: string) => void): Promise<void> {
  const label = `${agent.name}/${slot.name}`;
  if (slot.state === 'STARTING' || slot.state === 'RUNNING') {
    report(`${label}: draining (it finishes its requests and leaves hakken)`);
    await expectSuccess(agent, agent.client.drainSlot({ params: { slot: slot.name } }));
  }
  await expectSuccess(agent, agent.client.stopSlot({ params: { slot: slot.name } }));
}

/**
 * Rolls `bundle` over the service's slots, one at a time: drain (the process marks itself
 * draining in hakken and finishes its requests), stop, load, start, wait until healthy and
 * listed in hakken, then the next. Slots missing to reach `slots` are created; slots beyond
 * it are drained, stopped and emptied at the end. Stops at the first slot that does not come up.
 */
export async function rollingDeploy(options: RollingDeployOptions): Promise<DeployedSlot[]> {
  const timings = options.timings ?? DEFAULT_DEPLOY_TIMINGS;
  const { bundle, report } = options;
  const { roll, retire } = await chooseTargets(options);
  // Services that publish themselves are waited for in hakken; others (none today) only for health.
  const publishes = options.readListings !== undefined && (await options.readListings()).length > 0;
  const deployed: DeployedSlot[] = [];
  for (const target of roll) {
    const { agent, slot } = target;
    const label = `${agent.name}/${slot.name}`;
    const before = new Set(
      publishes ? (await options.readListings()).map((listing) => listing.id ?? '') : [],
    );
    await drainAndStop(target, report);
    await expectSuccess(agent, agent.client.loadBundle({ params: { slot: slot.name }, body: { bundle } }));
    report(`${label}: starting ${bundle.service} ${bundle.version}`);
    await expectSuccess(agent, agent.client.startSlot({ params: { slot: slot.name } }));
    const running = await waitUntilRunning(agent, slot.name, timings);
    if (publishes) await waitUntilListed(options.readListings, before, label, timings);
    report(`${label}: running ${bundle.service} ${bundle.version}`);
    deployed.push({
      server: agent.name,
      machine: agent.machine,
      slot: slot.name,
      previousVersion: slot.bundle?.version,
      version: running.bundle?.version,
    });
  }
  for (const target of retire) {
    await drainAndStop(target, report);
    await expectSuccess(
      target.agent,
      target.agent.client.unloadBundle({ params: { slot: target.slot.name } }),
    );
    report(`${target.agent.name}/${target.slot.name}: stopped and emptied (more slots than asked)`);
  }
  return deployed;
}
