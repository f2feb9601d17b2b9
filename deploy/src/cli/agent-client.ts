/** Calling one shio agent through the contract (ts-rest client), with its refusals turned into errors that say why. */
import { initClient } from '@ts-rest/core';
import { SERVER_SECRET_HEADER, shioContract } from '@tidepool/spec';
import { OperationError } from './cli-errors.js';

export type ShioClient = ReturnType<typeof createShioClient>;

/** A ts-rest client of one agent, sending the server secret with every call. */
export function createShioClient(baseUrl: string, serverSecret: string) {
  return initClient(shioContract, {
    baseUrl,
    baseHeaders: { [SERVER_SECRET_HEADER]: serverSecret },
    throwOnUnknownStatus: false,
    validateResponse: true,
  });
}

/** The body of a contract answer's 2xx statuses. */
type SuccessBody<Answer> = Answer extends { status: 200 | 201 | 204; body: infer Body } ? Body : never;

/** An agent the CLI talks to. */
export interface AgentHandle {
  readonly name: string;
  readonly machine: string;
  readonly url: string;
  readonly client: ShioClient;
}

/**
 * Awaits one call and returns its body when the status is 2xx; otherwise throws an
 * `OperationError` with the agent's name and the problem's detail.
 *
 * @example const slots = await expectSuccess(agent, agent.client.listSlots({ query: {} }));
 */
export async function expectSuccess<Answer extends { status: number; body: unknown }>(
  agent: Pick<AgentHandle, 'name' | 'url'>,
  call: Promise<Answer>,
): Promise<SuccessBody<Answer>> {
  let answer: Answer;
  try {
    answer = await call;
  } catch (error) {
    throw new OperationError(
      `Cannot reach the agent ${agent.name} at ${agent.url}: ${error instanceof Error ? error.message : String(error)}.`,
    );
  }
  if (answer.status >= 200 && answer.status < 300) return answer.body as SuccessBody<Answer>;
  const detail =
    typeof answer.body === 'object' && answer.body !== null && 'detail' in answer.body
      ? String(answer.body.detail)
      : `answered status ${answer.status}`;
  throw new OperationError(detail.includes(agent.name) ? detail : `${agent.name}: ${detail}`);
}
