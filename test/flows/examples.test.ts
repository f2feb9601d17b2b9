/**
 * The examples of examples/ (issue 9), each run with its one command against a platform
 * started as `npm start` starts it, as an app developer or partner would run them.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from '../fixtures/platform-process.js';
import { startPlatform, type RunningPlatform } from '../fixtures/running-platform.js';

let platform: RunningPlatform;

beforeAll(async () => {
  platform = await startPlatform();
}, 200_000);

afterAll(async () => {
  await platform.stop();
});

/** Runs `npm start -w <workspace>` with TIDEPOOL_URL set; answers its exit code and output. */
function runExample(workspace: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['start', '--silent', '-w', workspace], {
      cwd: repositoryRoot,
      env: { ...process.env, TIDEPOOL_URL: platform.publicUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      resolve({ code, output });
    });
  });
}

describe('examples against a started platform', () => {
  it('quickstart signs up, uploads a day of CGM, reads it back and shares it', async () => {
    const { code, output } = await runExample('examples/quickstart');
    expect(output).toMatch(/uploaded: 289 stored, 0 duplicates/);
    expect(output).toMatch(/read back 288 readings; mean \d+ mg\/dL/);
    expect(output).toMatch(/the caregiver sees 288 readings/);
    expect(code, output).toBe(0);
  }, 120_000);

  it('partner-openapi does the same with openapi-fetch and the generated types only', async () => {
    const { code, output } = await runExample('examples/partner-openapi');
    expect(output).toMatch(/uploaded 288, read back 288/);
    expect(output).toMatch(/the caregiver sees 288 readings/);
    expect(code, output).toBe(0);
  }, 120_000);
});
