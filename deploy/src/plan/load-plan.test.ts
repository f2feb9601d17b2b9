import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPlan, PlanError } from './load-plan.js';
import { LOCAL_SECRET_NAMES } from './local-secrets.js';

const codeRoot = fileURLToPath(new URL('../../..', import.meta.url));
const directory = mkdtempSync(join(tmpdir(), 'shio-plans-'));
const secret = 'a-server-secret-of-at-least-32-characters';

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

function planFile(name: string, plan: unknown): string {
  const file = join(directory, name);
  writeFileSync(file, typeof plan === 'string' ? plan : JSON.stringify(plan));
  return file;
}

function slot(name: string, service: string, config: Record<string, string> = {}) {
  return { name, bundle: { service, version: '1', config } };
}

function plan(slots: unknown[], extra: Record<string, unknown> = {}) {
  return {
    hakken: ['127.0.0.1:8101'],
    publicUrl: 'http://localhost:8009',
    stages: [{ name: 'all', slots }],
    ...extra,
  };
}

function problemsOf(file: string, variables: Record<string, string> = {}): readonly string[] {
  try {
    loadPlan({ file, variables, codeRoot });
  } catch (error) {
    if (error instanceof PlanError) return error.problems;
    throw error;
  }
  throw new Error('the plan was accepted');
}

/** `deploy/plans/local.json` with its secrets, a data directory and `variables`. */
function loadDefaultPlan(variables: Record<string, string> = {}) {
  return loadPlan({
    file: join(codeRoot, 'deploy/plans/local.json'),
    variables: {
      ...Object.fromEntries(LOCAL_SECRET_NAMES.map((name) => [name, secret])),
      DATA_DIR: '/tmp/data',
      ...variables,
    },
    codeRoot,
  });
}

describe('loadPlan', () => {
  it('loads the default plan, leaving out the services not written yet', () => {
    const loaded = loadDefaultPlan();
    const running = loaded.stages.flatMap((stage) => stage.slots.map((entry) => entry.name));
    expect(running).toEqual(expect.arrayContaining(['hakken-1', 'hakken-2', 'styx-1']));
    const hakken = loaded.stages[0]?.slots[0]?.bundle.config;
    expect(hakken).toMatchObject({ PORT: '8101', HAKKEN_PEERS: '127.0.0.1:8102', SERVER_SECRET: secret });
    const levels = loaded.stages.flatMap((stage) =>
      stage.slots.map((entry) => entry.bundle.config.LOG_LEVEL),
    );
    expect(new Set(levels)).toEqual(new Set(['info']));
    for (const skipped of loaded.skipped) expect(loaded.registry.isInstalled(skipped.service)).toBe(false);
  });

  it('gives every slot of the default plan the LOG_LEVEL it is started with', () => {
    const loaded = loadDefaultPlan({ LOG_LEVEL: 'debug' });
    const slots = loaded.stages.flatMap((stage) => stage.slots);
    expect(slots.length).toBeGreaterThan(3);
    for (const entry of slots) expect(entry.bundle.config.LOG_LEVEL, entry.name).toBe('debug');
  });

  it('says where a file is not JSON', () => {
    expect(problemsOf(planFile('broken.json', '{ "stages": [ }'))[0]).toMatch(/^not valid JSON/);
  });

  it('reports every shape problem and missing variable at once, each with its place', () => {
    const problems = problemsOf(
      planFile('shape.json', {
        publicUrl: 'not a url',
        stages: [{ name: 'one', slots: [slot('Bad Name', 'hakken', { SERVER_SECRET: '${NOT_SET}' })] }],
        extra: true,
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'stages.0.slots.0.bundle.config.SERVER_SECRET: the variable NOT_SET has no value and no default',
        'hakken: Required',
        'publicUrl: Invalid url',
        expect.stringMatching(/^stages\.0\.slots\.0\.name: A slot name is lowercase/),
        expect.stringMatching(/Unrecognized key\(s\) in object: 'extra'/),
      ]),
    );
  });

  it('refuses unknown services, names used twice and ports taken twice', () => {
    const problems = problemsOf(
      planFile(
        'cross.json',
        plan([
          slot('hakken-1', 'hakken', { PORT: '8101' }),
          slot('hakken-1', 'hakken', { PORT: '8101' }),
          slot('mystery-1', 'mystery'),
        ]),
      ),
    );
    expect(problems).toEqual([
      'stages.0.slots.1.name: the slot name hakken-1 is used twice',
      'stages.0.slots.1.bundle.config.PORT: port 8101 is taken by slot hakken-1',
      'stages.0.slots.2.bundle.service: unknown service "mystery" (add it under "services" with its entry)',
    ]);
  });

  it('refuses two slots on one embedded database directory and says why', () => {
    const services = { echo: { entry: 'test/fixtures/echo-service/main.ts', embeddedDatabase: true } };
    const problems = problemsOf(
      planFile(
        'database.json',
        plan(
          [slot('echo-1', 'echo', { DATA_DIR: '/tmp/d' }), slot('echo-2', 'echo', { DATA_DIR: '/tmp/d' })],
          { services },
        ),
      ),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(
      'slots echo-1 and echo-2 would both open the embedded database in /tmp/d/echo',
    );
    expect(problems[0]).toContain('can be opened by one process only');
  });

  it('accepts two slots of a database service on PostgreSQL, or on their own directories', () => {
    const services = { echo: { entry: 'test/fixtures/echo-service/main.ts', embeddedDatabase: true } };
    const loaded = loadPlan({
      file: planFile(
        'database-ok.json',
        plan(
          [
            slot('echo-1', 'echo', { ECHO_DATABASE_URL: 'postgres://db/echo' }),
            slot('echo-2', 'echo', { ECHO_DATABASE_URL: 'postgres://db/echo' }),
            slot('echo-3', 'echo', { DATA_DIR: '/tmp/three' }),
            slot('echo-4', 'echo', { DATA_DIR: '/tmp/four' }),
          ],
          { services },
        ),
      ),
      variables: {},
      codeRoot,
    });
    expect(loaded.stages[0]?.slots).toHaveLength(4);
  });

  it('refuses a declared service whose entry does not exist', () => {
    const problems = problemsOf(
      planFile(
        'entry.json',
        plan([slot('ghost-1', 'ghost')], { services: { ghost: { entry: 'nowhere/main.ts' } } }),
      ),
    );
    expect(problems).toEqual(['services.ghost.entry: nowhere/main.ts does not exist']);
  });
});
