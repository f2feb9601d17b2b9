/** The platform on one machine (`npm start`): an in-process agent that runs a plan's slots (DESIGN.md §2, §8). */
import { hostname } from 'node:os';
import { createRequire } from 'node:module';
import type { Logger } from 'pino';
import { createHakkenClient, type HakkenClient, type Publication } from '@tidepool/hakken';
import { startServer } from '@tidepool/kit';
import { Agent } from '../agent/agent.js';
import { createAgentApp } from '../agent/agent-app.js';
import { loadPlan, type LoadedPlan } from '../plan/load-plan.js';
import { readLocalSecrets } from '../plan/local-secrets.js';
import { startPlan, stopPlan } from '../plan/run-plan.js';
import { prepareClusterTemplates, stageMakesNewDatabases } from './cluster-template.js';
import { waitUntilStyxRoutesEverywhere } from './routes-ready.js';

const version = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

export interface LocalPlatformOptions {
  readonly planFile: string;
  /** Absolute; holds `secrets.json` and each service's embedded database. */
  readonly dataDirectory: string;
  /** The repository checkout the services run from. */
  readonly codeRoot: string;
  /** The environment the plan's `${NAME}` references read (besides DATA_DIR and the secrets). */
  readonly environment: Readonly<Record<string, string | undefined>>;
  readonly logger: Logger;
  /** How long each stage may take to answer its health checks. */
  readonly startTimeoutMilliseconds: number;
}

export interface LocalPlatform {
  readonly agent: Agent;
  readonly plan: LoadedPlan;
  /** The agent's own address (the shio contract). */
  readonly agentUrl: string;
  /** Starts every stage; rejects with the reason when a slot does not come up (the caller then stops). */
  start(signal: AbortSignal): Promise<void>;
  /** Stops every slot in reverse order, the agent's listener and its listing. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Checks the plan (every problem at once, nothing started), keeps the secrets (made once into
 * `<data>/secrets.json`, mode 0600), and starts the agent's listener. Slots start with `start`.
 */
export async function prepareLocalPlatform(options: LocalPlatformOptions): Promise<LocalPlatform> {
  const { logger } = options;
  const secrets = readLocalSecrets(options.dataDirectory);
  const plan = loadPlan({
    file: options.planFile,
    codeRoot: options.codeRoot,
    variables: { ...options.environment, ...secrets.secrets, DATA_DIR: options.dataDirectory },
  });
  secrets.save();
  if (secrets.generated.length > 0) {
    logger.info(
      { file: secrets.path, generated: secrets.generated },
      'generated the server secret and deploy salts (mode 0600)',
    );
  } else {
    logger.info({ file: secrets.path }, 'using the secrets made at the first start');
  }
  for (const skipped of plan.skipped) {
    logger.info(
      { slot: skipped.slot, bundle: { service: skipped.service } },
      'left out: the service is not written yet',
    );
  }

  const agent = new Agent({
    name: plan.plan.server,
    machine: hostname(),
    registry: plan.registry,
    logger,
    // A slot that is still starting when its stage's time runs out is killed by then too.
    timings: { startTimeoutMilliseconds: options.startTimeoutMilliseconds },
  });
  let listenerHost = '';
  const agentHost = () => listenerHost;
  const listener = await startServer(
    createAgentApp({ agent, host: agentHost, version, serverSecret: secrets.secrets.SERVER_SECRET, logger })
      .app,
    { host: plan.plan.agent.host, port: Number(plan.plan.agent.port) },
  );
  listenerHost = new URL(listener.url).host;
  let hakken: HakkenClient | undefined;
  let publication: Publication | undefined;
  let stopping: Promise<void> | undefined;

  return {
    agent,
    plan,
    agentUrl: listener.url,
    async start(signal) {
      // Made while the stages before the first new database start (hakken's, in the local plan).
      const templates = prepareClusterTemplates(plan, options.codeRoot, logger);
      templates.catch(() => undefined); // awaited below; a failure is that stage's failure
      await startPlan({
        agent,
        stages: plan.stages,
        logger,
        signal,
        startTimeoutMilliseconds: options.startTimeoutMilliseconds,
        beforeStage: (stage) =>
          stageMakesNewDatabases(plan, stage, options.codeRoot) ? templates : Promise.resolve(),
      });
      await waitUntilStyxRoutesEverywhere(agent, options.startTimeoutMilliseconds, signal);
      // Published once the coordinators run, so that the CLI finds the agent through hakken.
      hakken = createHakkenClient({
        coordinators: plan.plan.hakken,
        serverSecret: secrets.secrets.SERVER_SECRET,
        logger: logger.child({ component: 'hakken' }),
      });
      publication = hakken.publish({
        service: 'shio-agent',
        host: agentHost(),
        protocol: 'http',
        server: agent.name,
        machine: agent.machine,
      });
    },
    stop() {
      stopping ??= (async () => {
        await publication?.close();
        await hakken?.close();
        await stopPlan(agent, plan);
        await listener.close();
      })();
      return stopping;
    },
  };
}
