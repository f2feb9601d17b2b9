/** Finding the agents a command talks to: given as URLs, or listed by hakken as `shio-agent` (DESIGN.md §7, §8). */
import { existsSync, readFileSync } from 'node:fs';
import { initClient } from '@ts-rest/core';
import { hakkenContract, type Listing } from '@tidepool/spec';
import { createShioClient, expectSuccess, type AgentHandle } from './agent-client.js';
import { OperationError, UsageError } from './cli-errors.js';

/** How to reach the platform, from the command line and the environment. */
export interface ConnectionOptions {
  /** Agents given directly (`--agent URL`); hakken is not asked then. */
  readonly agents: readonly string[];
  /** Coordinators as `host:port` or URLs. */
  readonly coordinators: readonly string[];
  /** `SERVER_SECRET`, when set. */
  readonly serverSecret: string | undefined;
  /** Where the local platform keeps its secrets (`<data>/secrets.json`), read when SERVER_SECRET is not set. */
  readonly secretFile: string;
}

/** The server secret, from SERVER_SECRET or the local secrets file; never printed. */
export function readServerSecret(options: ConnectionOptions): string {
  if (options.serverSecret !== undefined && options.serverSecret !== '') return options.serverSecret;
  if (!existsSync(options.secretFile)) {
    throw new UsageError(
      `No server secret: set SERVER_SECRET, or give --secret-file (${options.secretFile} does not exist; npm start makes it).`,
    );
  }
  try {
    const parsed = JSON.parse(readFileSync(options.secretFile, 'utf8')) as { SERVER_SECRET?: unknown };
    if (typeof parsed.SERVER_SECRET === 'string') return parsed.SERVER_SECRET;
  } catch {
    // Reported below without quoting the file, which holds secrets.
  }
  throw new UsageError(`${options.secretFile} holds no SERVER_SECRET.`);
}

function baseUrl(address: string): string {
  const withScheme = /^https?:\/\//i.test(address) ? address : `http://${address}`;
  try {
    return new URL(withScheme).origin;
  } catch {
    throw new UsageError(`Not an address: "${address}" (expected host:port or an http(s) URL).`);
  }
}

/** The live listings of a service from the first coordinator that answers. */
export async function readListings(coordinators: readonly string[], service: string): Promise<Listing[]> {
  const reasons: string[] = [];
  for (const coordinator of coordinators) {
    const client = initClient(hakkenContract, { baseUrl: baseUrl(coordinator), throwOnUnknownStatus: false });
    try {
      const answer = await client.listListings({
        params: { service },
        fetchOptions: { signal: AbortSignal.timeout(3000) },
      });
      if (answer.status === 200) return answer.body;
      reasons.push(`${coordinator}: status ${answer.status}`);
    } catch (error) {
      reasons.push(`${coordinator}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  throw new OperationError(`No hakken coordinator answered (${reasons.join('; ')}).`);
}

/** The agents to talk to, each with its server name and machine. */
export async function findAgents(options: ConnectionOptions): Promise<AgentHandle[]> {
  const serverSecret = readServerSecret(options);
  const urls =
    options.agents.length > 0
      ? options.agents.map(baseUrl)
      : (await readListings(options.coordinators, 'shio-agent'))
          .filter((listing) => listing.draining !== true)
          .map((listing) => `${listing.protocol}://${listing.host}`);
  const agents = await Promise.all(
    urls.map(async (url) => {
      const client = createShioClient(url, serverSecret);
      const server = await expectSuccess({ name: url, url }, client.getServer());
      return { name: server.name, machine: server.machine, url, client };
    }),
  );
  if (agents.length === 0) {
    throw new OperationError('hakken lists no shio agent: is the platform running (npm start)?');
  }
  return agents.sort((left, right) => left.name.localeCompare(right.name));
}
