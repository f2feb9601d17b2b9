import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger, startTestApp } from '@tidepool/kit/testing';
import type { RunningServer } from '@tidepool/kit';
import { Agent } from '../agent/agent.js';
import { createAgentApp } from '../agent/agent-app.js';
import { BundleRegistry } from '../agent/bundle-registry.js';
import { runShio } from './program.js';

const codeRoot = fileURLToPath(new URL('../../..', import.meta.url));
const serverSecret = 'a-server-secret-of-at-least-32-characters';
let server: RunningServer;

async function shio(
  args: readonly string[],
  environment: Record<string, string> = { SERVER_SECRET: serverSecret },
) {
  let out = '';
  let err = '';
  const code = await runShio(args, {
    writeOut: (text) => (out += text),
    writeErr: (text) => (err += text),
    environment: { DATA_DIR: '/nonexistent-shio-data', ...environment },
    codeRoot,
  });
  return { code, out, err };
}

beforeAll(async () => {
  const agent = new Agent({
    name: 'alpha',
    machine: 'machine-a',
    registry: new BundleRegistry({ codeRoot }),
    logger: silentLogger(),
  });
  agent.createSlot('hakken-1');
  agent.load('hakken-1', { service: 'hakken', version: '1.2.3', config: {} });
  agent.createSlot('styx-1');
  server = await startTestApp(
    createAgentApp({ agent, host: () => 'alpha.test:1', version: '1', serverSecret, logger: silentLogger() })
      .app,
  );
});

afterAll(async () => {
  await server.close();
});

describe('the shio command line', () => {
  it.each([
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['deploy', 'echo'], /required option '--slots <count>' not specified/],
    [['deploy', 'echo', '--slots', '0', '--env', 'A=1'], /'--slots <count>' argument '0' is invalid/],
    [['deploy', 'Echo!', '--slots', '1', '--env', 'A=1'], /"Echo!" is not a service name/],
    [['deploy', 'echo', '--slots', '1'], /Give the bundle’s configuration/],
    [['deploy', 'echo', '--slots', '1', '--env', 'lower=1'], /--env takes NAME=value/],
    [['slot', 'load', 'echo-1', '--version', '1'], /required option '--service <name>' not specified/],
    [['slot', 'start'], /missing required argument 'slot'/],
    [['slots', 'show', '--slot'], /option '--slot <name>' argument missing/],
  ])('answers %j with a clear error and exit code 2', async (args, message) => {
    const result = await shio(args);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
    expect(result.out).toBe('');
  });

  it('says where to find the server secret when there is none (exit code 2)', async () => {
    const result = await shio(['--agent', server.url, 'slots', 'show'], {});
    expect(result).toMatchObject({ code: 2, out: '' });
    expect(result.err).toContain('No server secret: set SERVER_SECRET, or give --secret-file');
  });

  it('lists servers and slots in aligned columns', async () => {
    const servers = await shio(['--agent', server.url, 'servers', 'show']);
    expect(servers).toMatchObject({ code: 0, err: '' });
    expect(servers.out).toBe(
      [
        'SERVER  MACHINE    HOST          SLOTS  RUNNING',
        'alpha   machine-a  alpha.test:1  2      0',
        '',
      ].join('\n'),
    );
    const slots = await shio(['--agent', server.url, 'slots', 'show']);
    const lines = slots.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^SERVER\s+MACHINE\s+SLOT\s+STATE\s+SERVICE\s+VERSION\s+PID\s+RESTARTS\s+STARTED$/,
    );
    expect(lines[1]).toMatch(/^alpha\s+machine-a\s+hakken-1\s+STOPPED\s+hakken\s+1\.2\.3\s+-\s+0\s+-$/);
    expect(lines[2]).toMatch(/^alpha\s+machine-a\s+styx-1\s+STOPPED\s+-\s+-\s+-\s+0\s+-$/);
    // Columns line up: every row starts its STATE column where the header does.
    const stateColumn = lines[0]?.indexOf('STATE');
    for (const line of lines.slice(1)) expect(line.indexOf('STOPPED')).toBe(stateColumn);
  });

  it('filters slots by name and machine, and prints JSON for scripts', async () => {
    const result = await shio([
      '--agent',
      server.url,
      '--json',
      'slots',
      'show',
      '--slot',
      'hak',
      '--machine',
      'machine-a',
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toEqual([
      {
        server: 'alpha',
        machine: 'machine-a',
        name: 'hakken-1',
        state: 'STOPPED',
        bundle: { service: 'hakken', version: '1.2.3' },
        restarts: 0,
      },
    ]);
    const elsewhere = await shio(['--agent', server.url, 'slots', 'show', '--machine', 'machine-b']);
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.err).toContain('No agent on machine-b');
  });

  it('reports what the agent refused, with exit code 1', async () => {
    const result = await shio(['--agent', server.url, 'slot', 'start', 'styx-1']);
    expect(result.code).toBe(1);
    expect(result.err).toBe('shio: alpha: Slot styx-1 has no bundle to start.\n');
  });

  it('reports an agent that cannot be reached, with exit code 1', async () => {
    const result = await shio(['--agent', 'http://127.0.0.1:1', 'servers', 'show']);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/Cannot reach the agent http:\/\/127\.0\.0\.1:1/);
  });
});
