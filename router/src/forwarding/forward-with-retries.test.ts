import { createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { listen } from '../lifecycle/listen.js';
import type { RulesInput } from '../rules/rules-schema.js';
import { startStyx, type RunningStyx, type StyxOptions } from '../start-styx.js';
import { captureLogger } from '../testing/capture-logger.js';
import { sendRequest } from '../testing/send-request.js';
import {
  echo,
  startTestUpstream,
  type TestUpstream,
  type UpstreamBehaviour,
} from '../testing/test-upstream.js';
import { createStaticUpstreamSource } from '../upstream/upstream-source.js';

const opened: { close(): Promise<void> }[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((resource) => resource.close()));
});

async function upstream(name: string, behaviour?: UpstreamBehaviour): Promise<TestUpstream> {
  const started = await startTestUpstream(name, behaviour);
  opened.push(started);
  return started;
}

async function styx(rules: RulesInput, options: Omit<StyxOptions, 'rules'> = {}): Promise<RunningStyx> {
  const started = await startStyx({ rules, ...options });
  opened.push(started);
  return started;
}

function staticRules(...urls: string[]): RulesInput {
  return { hosts: { '*': [{ name: 'api', pathPrefix: '/', target: { upstreams: urls } }] } };
}

/** A loopback URL where nothing listens: connections are refused. */
async function refusingUrl(): Promise<string> {
  const server = createServer();
  const url = await listen(server, '127.0.0.1', 0);
  await new Promise((resolve) => server.close(resolve));
  return url;
}

/** Always the first of the two candidates: makes the choice of instance predictable. */
const firstChoice = () => 0;

/** Echoes after a short pause, so that some requests are in flight at any moment. */
const slowEcho: UpstreamBehaviour = (request, response, name, body) => {
  setTimeout(() => {
    echo(request, response, name, body);
  }, 5);
};

describe('styx spreading requests', () => {
  it('spreads requests over every instance', async () => {
    const instances = await Promise.all(['a', 'b', 'c'].map((name) => upstream(name)));
    const router = await styx(staticRules(...instances.map((instance) => instance.url)));

    for (let index = 0; index < 60; index += 1) await sendRequest(`${router.url}/x`);

    for (const instance of instances) expect(instance.requests.length).toBeGreaterThan(5);
  });

  it('prefers the instance with fewer requests in flight', async () => {
    const held: (() => void)[] = [];
    const busy = await upstream('busy', (request, response, name, body) => {
      held.push(() => {
        echo(request, response, name, body);
      });
    });
    const idle = await upstream('idle');
    const router = await styx(staticRules(busy.url, idle.url), { random: firstChoice });

    const pending = sendRequest(`${router.url}/first`);
    while (held.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const chosen: string[] = [];
    for (let index = 0; index < 3; index += 1) {
      chosen.push(((await sendRequest(`${router.url}/next`)).json() as { upstream: string }).upstream);
    }
    held.forEach((release) => {
      release();
    });
    await pending;

    expect(chosen).toEqual(['idle', 'idle', 'idle']);
  });

  it('sends no new requests to a draining instance', async () => {
    const leaving = await upstream('leaving');
    const staying = await upstream('staying');
    const source = createStaticUpstreamSource([
      { id: 'leaving', url: leaving.url, draining: true },
      { id: 'staying', url: staying.url, draining: false },
    ]);
    const router = await styx(
      { hosts: { '*': [{ pathPrefix: '/', target: { service: 'metadata' } }] } },
      { resolveService: () => source },
    );

    for (let index = 0; index < 20; index += 1) await sendRequest(`${router.url}/x`);
    source.replace([
      { id: 'leaving', url: leaving.url, draining: true },
      { id: 'staying', url: staying.url, draining: true },
    ]);
    const noneLeft = await sendRequest(`${router.url}/x`);

    expect(leaving.requests).toHaveLength(0);
    expect(staying.requests).toHaveLength(20);
    expect(noneLeft.status).toBe(503);
    expect(noneLeft.json()).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      detail: 'No instance of metadata is available (2 draining, 0 ejected after failures).',
    });
    expect(noneLeft.headers['retry-after']).toBe('1');
  });

  /** styx routing everything to the data service, whose one instance is listed by a source the test changes. */
  async function dataServiceOfOne(name: string) {
    const instance = await upstream(name);
    const source = createStaticUpstreamSource([{ id: name, url: instance.url, draining: false }]);
    const router = await styx(
      { hosts: { '*': [{ pathPrefix: '/', target: { service: 'data' } }] } },
      { resolveService: () => source },
    );
    return { instance, source, router };
  }

  it('still tries an instance that left discovery without draining (missed heartbeats) when none is listed', async () => {
    const { instance: quiet, source, router } = await dataServiceOfOne('quiet');

    source.replace([]);
    const answer = await sendRequest(`${router.url}/x`);
    const status = (await (await fetch(`${router.adminUrl ?? ''}/status`)).json()) as {
      targets: { service: string; instances: unknown[]; lingering: { id: string }[] }[];
    };

    expect(answer.status).toBe(200);
    expect(quiet.requests).toHaveLength(1);
    expect(status.targets[0]).toMatchObject({ service: 'data', instances: [], lingering: [{ id: 'quiet' }] });
  });

  it('sends nothing to an instance that drained before it left, and says no instance is known', async () => {
    const { instance: leaving, source, router } = await dataServiceOfOne('leaving');

    source.replace([{ id: 'leaving', url: leaving.url, draining: true }]);
    source.replace([]);
    const answer = await sendRequest(`${router.url}/x`);

    expect(answer.status).toBe(503);
    expect(answer.json()).toMatchObject({ detail: 'No instance of data is known.' });
    expect(leaving.requests).toHaveLength(0);
  });

  it('answers 503 problem when a service has no instance at all', async () => {
    const router = await styx(
      { hosts: { '*': [{ pathPrefix: '/', target: { service: 'data' } }] } },
      { resolveService: () => createStaticUpstreamSource([]) },
    );

    const answer = await sendRequest(`${router.url}/x`);

    expect(answer.status).toBe(503);
    expect(answer.json()).toMatchObject({ detail: 'No instance of data is known.' });
  });
});

describe('styx retries', () => {
  it('loses no GET when an instance is killed during a stream of requests', async () => {
    const instances = await Promise.all(['a', 'b', 'c'].map((name) => upstream(name, slowEcho)));
    const router = await styx(staticRules(...instances.map((instance) => instance.url)));
    const statuses: number[] = [];

    // Four clients at once, so that requests are in flight on the instance when it dies.
    await Promise.all(
      [0, 1, 2, 3].map(async (client) => {
        for (let index = 0; index < 50; index += 1) {
          if (client === 0 && index === 15) void instances[1]?.kill();
          statuses.push((await sendRequest(`${router.url}/item/${index}`)).status);
        }
      }),
    );

    const metrics = await (await fetch(`${router.adminUrl ?? ''}/metrics`)).text();

    expect(statuses).toHaveLength(200);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    // The killed instance did get requests after it died: they were saved by retries.
    expect(metrics).toMatch(/styx_retries_total\{service="api"\} [1-9]/);
  });

  it('counts answered attempts per service across scrapes', async () => {
    const instance = await upstream('a', slowEcho);
    const router = await styx(staticRules(instance.url));
    const answered = async () => {
      const text = await (await fetch(`${router.adminUrl ?? ''}/metrics`)).text();
      return Number(/styx_upstream_attempts_total\{service="api",outcome="answered"\} (\d+)/.exec(text)?.[1]);
    };

    const before = await answered();
    for (let index = 0; index < 3; index += 1) await sendRequest(`${router.url}/item/${index}`);
    const afterThree = await answered();
    for (let index = 0; index < 2; index += 1) await sendRequest(`${router.url}/item/${index}`);

    expect([before, afterThree, await answered()]).toEqual([0, 3, 5]);
  });

  it('sends a POST to another instance when the first refuses the connection', async () => {
    const refused = await refusingUrl();
    const live = await upstream('live');
    const captured = captureLogger();
    const router = await styx(staticRules(refused, live.url), {
      random: firstChoice,
      logger: captured.logger,
    });

    const answer = await sendRequest(`${router.url}/data/u1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"type":"smbg","value":5.5}',
    });

    expect(answer.status).toBe(200);
    expect(live.requests.map((request) => request.body)).toEqual(['{"type":"smbg","value":5.5}']);
    expect(captured.accessLines()[0]).toMatchObject({ attempts: 2, instance: live.url, status: 200 });
  });

  it('does not retry a POST whose instance died after receiving it, and answers 502', async () => {
    const dying = await upstream('dying', (request) => {
      request.socket.destroy();
    });
    const other = await upstream('other');
    const captured = captureLogger();
    const router = await styx(staticRules(dying.url, other.url), {
      random: firstChoice,
      logger: captured.logger,
    });

    const answer = await sendRequest(`${router.url}/message/send/g1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"message":{"messagetext":"hello"}}',
    });

    expect(answer.status).toBe(502);
    expect(answer.json()).toMatchObject({ code: 'BAD_GATEWAY' });
    expect(captured.accessLines()[0]).toMatchObject({ attempts: 1, instance: dying.url, status: 502 });
    expect(other.requests).toHaveLength(0);
  });

  describe('of a POST its contract marks idempotent (the data upload, deduplicated)', () => {
    const upload = '[{"type":"smbg","units":"mmol/L","value":5.5,"time":"2024-01-01T00:00:00Z"}]';

    /** styx with the data service behind `/data`: a first instance that dies on each request, and another. */
    async function dataBehindDyingInstance() {
      const dying = await upstream('dying', (request) => {
        request.socket.destroy();
      });
      const other = await upstream('other');
      const source = createStaticUpstreamSource(
        [dying, other].map((instance) => ({ id: instance.name, url: instance.url, draining: false })),
      );
      const captured = captureLogger();
      const router = await styx(
        { hosts: { '*': [{ pathPrefix: '/data', target: { service: 'data' } }] } },
        { resolveService: () => source, random: firstChoice, logger: captured.logger },
      );
      const post = (path: string, body: string) =>
        sendRequest(`${router.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
      return { other, post, captured };
    }

    it('retries it on another instance when the first died after receiving it', async () => {
      const { other, post, captured } = await dataBehindDyingInstance();

      const answer = await post('/data/0123abcd?deviceId=x', upload);

      expect(answer.status).toBe(200);
      expect(other.requests.map((request) => [request.url, request.body])).toEqual([
        ['/0123abcd?deviceId=x', upload],
      ]);
      expect(captured.accessLines()[0]).toMatchObject({ attempts: 2, instance: 'other', status: 200 });
    });

    it('does not retry one too large to be read before it is sent (streamed), and answers 502', async () => {
      const { other, post } = await dataBehindDyingInstance();
      const large = JSON.stringify(
        Array.from({ length: 1200 }, () => JSON.parse(upload.slice(1, -1)) as unknown),
      );
      expect(large.length).toBeGreaterThan(64 * 1024);

      const answer = await post('/data/0123abcd', large);

      expect(answer.status).toBe(502);
      expect(other.requests).toHaveLength(0);
    });

    it('does not retry another POST of the same service', async () => {
      const { other, post } = await dataBehindDyingInstance();

      const answer = await post('/data/0123abcd/other', upload);

      expect(answer.status).toBe(502);
      expect(other.requests).toHaveLength(0);
    });
  });

  it('retries a GET whose instance died after receiving it', async () => {
    const dying = await upstream('dying', (request) => {
      request.socket.destroy();
    });
    const other = await upstream('other');
    const router = await styx(staticRules(dying.url, other.url), { random: firstChoice });

    const answer = await sendRequest(`${router.url}/data/u1`);

    expect(answer.status).toBe(200);
    expect(other.requests).toHaveLength(1);
  });

  it('answers 504 when the instance is too slow, without trying another', async () => {
    const slow = await upstream('slow', () => undefined);
    const other = await upstream('other');
    const router = await styx(staticRules(slow.url, other.url), {
      random: firstChoice,
      timeouts: { headersMilliseconds: 200 },
    });

    const answer = await sendRequest(`${router.url}/x`);

    expect(answer.status).toBe(504);
    expect(answer.json()).toMatchObject({ code: 'GATEWAY_TIMEOUT', detail: 'api did not answer in time.' });
    expect(other.requests).toHaveLength(0);
  });

  it('gives up after the attempt count and says why', async () => {
    const refused = await Promise.all([refusingUrl(), refusingUrl(), refusingUrl(), refusingUrl()]);
    const captured = captureLogger();
    const router = await styx(staticRules(...refused), { maxAttempts: 3, logger: captured.logger });

    const answer = await sendRequest(`${router.url}/x`);

    expect(answer.status).toBe(502);
    expect(answer.json()).toMatchObject({ detail: 'No instance of api accepted the connection.' });
    expect(captured.accessLines()[0]).toMatchObject({ attempts: 3 });
  });

  it('stops retrying when the retry budget is spent', async () => {
    const refused = await refusingUrl();
    const live = await upstream('live');
    const captured = captureLogger();
    const router = await styx(staticRules(refused, live.url), {
      random: firstChoice,
      logger: captured.logger,
      retryBudget: { ratio: 0, minimumPerSecond: 0.1, windowSeconds: 10 },
      passiveHealth: { consecutiveFailures: 100 },
    });

    const first = await sendRequest(`${router.url}/x`);
    const second = await sendRequest(`${router.url}/x`);

    expect(first.status).toBe(200);
    expect(second.status).toBe(502);
  });
});

/** A choice of instance that works `calls` times, then throws as a bug in styx would. */
function failingAfter(calls: number): () => number {
  let made = 0;
  return () => {
    made += 1;
    if (made > calls) throw new Error('a bug in choosing');
    return 0;
  };
}

describe('styx failing inside itself', () => {
  // Two calls choose among several instances: the first choice of the request, then (after a
  // refused connection) the check that another instance is left, then the retry's own choice.
  it.each([
    ['choosing the first instance', 0],
    ['checking that another instance is left', 2],
    ['choosing the instance of the retry', 4],
  ])('answers 500 with a problem when a bug strikes while %s, and keeps serving', async (_when, calls) => {
    const refused = await Promise.all([refusingUrl(), refusingUrl(), refusingUrl()]);
    const captured = captureLogger();
    const router = await styx(staticRules(...refused), {
      random: failingAfter(calls),
      logger: captured.logger,
    });

    const answer = await sendRequest(`${router.url}/item/1`);

    expect(answer.status).toBe(500);
    expect(answer.headers['content-type']).toContain('application/problem+json');
    expect(JSON.parse(answer.text)).toMatchObject({ status: 500, code: 'INTERNAL' });
    expect(answer.text).not.toContain('a bug in choosing');
    const bug = captured.lines.find((line) => line.msg === 'styx failed to handle a request');
    expect(bug?.err).toMatchObject({ message: 'a bug in choosing' });
    expect(captured.accessLines()).toEqual([expect.objectContaining({ status: 500, problem: 'INTERNAL' })]);
    // styx itself is still up: its own answers still come.
    expect((await sendRequest(`${router.url}/status`)).status).toBe(200);
  });
});

describe('styx passive health', () => {
  it('ejects an instance after consecutive 5xx and sends the rest elsewhere', async () => {
    const failing = await upstream('failing', (_request, response) => {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end('{}');
    });
    const healthy = await upstream('healthy');
    const router = await styx(staticRules(failing.url, healthy.url), {
      passiveHealth: { consecutiveFailures: 3, baseEjectionMilliseconds: 60_000 },
    });

    for (let index = 0; index < 40; index += 1) await sendRequest(`${router.url}/x`);
    const before = failing.requests.length;
    for (let index = 0; index < 20; index += 1) await sendRequest(`${router.url}/x`);
    const metrics = await (await fetch(`${router.adminUrl ?? ''}/metrics`)).text();

    expect(before).toBe(3);
    expect(failing.requests).toHaveLength(3);
    expect(metrics).toContain('styx_ejections_total{service="api"} 1');
    expect(metrics).toContain('styx_instances{service="api",state="ejected"} 1');
  });
});
