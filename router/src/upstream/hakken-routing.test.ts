import { afterEach, describe, expect, it } from 'vitest';
import { createHakkenClient, startCoordinator } from '@tidepool/hakken';
import { startStyx } from '../start-styx.js';
import { sendRequest } from '../testing/send-request.js';
import { startTestUpstream } from '../testing/test-upstream.js';
import { createHakkenUpstreamSource } from './hakken-upstream-source.js';

const SECRET = 'a-server-secret-of-at-least-32-characters';
const cleanups: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function eventually(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('styx with hakken', () => {
  it('routes to the instances a service publishes, and stops sending to one that drains', async () => {
    const coordinator = await startCoordinator({ serverSecret: SECRET, port: 0, nodeEnvironment: 'test' });
    cleanups.push(() => coordinator.close());
    const hakken = createHakkenClient({ coordinators: [coordinator.url], serverSecret: SECRET });
    cleanups.push(() => hakken.close());
    const one = await startTestUpstream('one');
    const two = await startTestUpstream('two');
    cleanups.push(
      () => one.kill(),
      () => two.kill(),
    );
    const publications = [one, two].map((upstream) =>
      hakken.publish({ service: 'metadata', host: `127.0.0.1:${upstream.port}`, protocol: 'http' }),
    );
    await Promise.all(publications.map((publication) => publication.ready));
    const styx = await startStyx({
      rules: { hosts: { '*': [{ pathPrefix: '/metadata', target: { service: 'metadata' } }] } },
      resolveService: (service) => createHakkenUpstreamSource(hakken.watch(service)),
    });
    cleanups.push(() => styx.close());

    await eventually(
      async () => (await sendRequest(`${styx.url}/metadata/u1/profile`)).status === 200,
      'an instance',
    );
    for (let index = 0; index < 30; index += 1) await sendRequest(`${styx.url}/metadata/u1/profile`);
    expect(one.requests.length).toBeGreaterThan(0);
    expect(two.requests.length).toBeGreaterThan(0);

    await publications[0]?.drain();
    await eventually(
      () => styx.status().targets[0]?.instances.some((instance) => instance.draining) === true,
      'draining',
    );
    const before = one.requests.length;
    for (let index = 0; index < 20; index += 1) await sendRequest(`${styx.url}/metadata/u1/profile`);

    expect(one.requests.length).toBe(before);
  });
});
