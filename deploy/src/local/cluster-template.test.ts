import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPlan } from '../plan/load-plan.js';
import { LOCAL_SECRET_NAMES } from '../plan/local-secrets.js';
import { dataDirectoriesWorthATemplate, stageMakesNewDatabases } from './cluster-template.js';

const codeRoot = fileURLToPath(new URL('../../..', import.meta.url));
const directory = mkdtempSync(join(tmpdir(), 'shio-template-'));
const secrets = Object.fromEntries(
  LOCAL_SECRET_NAMES.map((name) => [name, 'a-server-secret-of-at-least-32-characters']),
);
/** The services of deploy/plans/local.json that keep an embedded database. */
const EMBEDDED = ['user-api', 'metadata', 'access', 'message-api', 'data'];

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

function localPlan(dataDirectory: string) {
  return loadPlan({
    file: join(codeRoot, 'deploy/plans/local.json'),
    variables: { ...secrets, DATA_DIR: dataDirectory },
    codeRoot,
  });
}

function echoPlan(name: string, configs: Record<string, string>[]) {
  const file = join(directory, name);
  writeFileSync(
    file,
    JSON.stringify({
      hakken: ['127.0.0.1:8101'],
      publicUrl: 'http://localhost:8009',
      services: { echo: { entry: 'test/fixtures/echo-service/main.ts', embeddedDatabase: true } },
      stages: [
        {
          name: 'all',
          slots: configs.map((config, index) => ({
            name: `echo-${index + 1}`,
            bundle: { service: 'echo', version: '1', config },
          })),
        },
      ],
    }),
  );
  return loadPlan({ file, variables: {}, codeRoot });
}

describe('dataDirectoriesWorthATemplate', () => {
  it('names the data directory of a first npm start, where every service makes its database', () => {
    const dataDirectory = join(directory, 'first-start');
    expect(dataDirectoriesWorthATemplate(localPlan(dataDirectory), codeRoot)).toEqual([dataDirectory]);
  });

  it('names none once all but one of the databases exist', () => {
    const dataDirectory = join(directory, 'later-start');
    for (const service of EMBEDDED.slice(1))
      mkdirSync(join(dataDirectory, service, 'pglite'), { recursive: true });
    expect(dataDirectoriesWorthATemplate(localPlan(dataDirectory), codeRoot)).toEqual([]);
    mkdirSync(join(dataDirectory, EMBEDDED[0] ?? '', 'pglite'), { recursive: true });
    expect(dataDirectoriesWorthATemplate(localPlan(dataDirectory), codeRoot)).toEqual([]);
  });

  it('names none for services on PostgreSQL, nor for one new database per data directory', () => {
    const url = 'postgres://db/echo';
    expect(
      dataDirectoriesWorthATemplate(
        echoPlan('postgres.json', [{ ECHO_DATABASE_URL: url }, { DATABASE_URL: url }]),
        codeRoot,
      ),
    ).toEqual([]);
    const [one, two] = [join(directory, 'one'), join(directory, 'two')];
    expect(
      dataDirectoriesWorthATemplate(echoPlan('apart.json', [{ DATA_DIR: one }, { DATA_DIR: two }]), codeRoot),
    ).toEqual([]);
  });
});

describe('stageMakesNewDatabases', () => {
  it('tells the local plan’s service stage, which waits for the template, from hakken’s, which does not', () => {
    const dataDirectory = join(directory, 'stages');
    const plan = localPlan(dataDirectory);
    expect(plan.stages.map((stage) => [stage.name, stageMakesNewDatabases(plan, stage, codeRoot)])).toEqual([
      ['discovery', false],
      ['platform', true],
    ]);
    for (const service of EMBEDDED) mkdirSync(join(dataDirectory, service, 'pglite'), { recursive: true });
    expect(plan.stages.map((stage) => stageMakesNewDatabases(plan, stage, codeRoot))).toEqual([false, false]);
  });
});
