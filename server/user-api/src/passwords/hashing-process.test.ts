import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import { exitWithin, isAlive } from '@tidepool/kit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import {
  HashingProcessError,
  inProcessScrypt,
  startHashingProcess,
  type HashingProcess,
} from './hashing-process.js';
import { createPasswordHasher } from './password-hasher.js';

const CHEAP = { logN: 4, r: 1, p: 1 } as const;

/** Fields of /proc/<pid>/task/<tid>/stat after the command name: [2] is utime, [3] stime, [16] nice. */
function threads(pid: number): { tid: number; cpu: number; nice: number }[] {
  return readdirSync(`/proc/${String(pid)}/task`).map((tid) => {
    const stat = readFileSync(`/proc/${String(pid)}/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { tid: Number(tid), cpu: Number(fields[11]) + Number(fields[12]), nice: Number(fields[16]) };
  });
}

describe('startHashingProcess', () => {
  let hashing: HashingProcess | undefined;
  afterEach(async () => {
    await hashing?.close();
  });

  it('hashes and verifies as scrypt-kdf does in-process, each verifying the other', async () => {
    hashing = startHashingProcess({ niceness: 10 });
    const fromChild = await hashing.kdf('correct horse', CHEAP);
    const fromHere = await inProcessScrypt.kdf('correct horse', CHEAP);
    expect(await inProcessScrypt.verify(fromChild, 'correct horse')).toBe(true);
    expect(await hashing.verify(fromHere, 'correct horse')).toBe(true);
    expect(await hashing.verify(fromHere, 'wrong horse')).toBe(false);
    await expect(hashing.verify(new Uint8Array(10), 'correct horse')).rejects.toThrow(/invalid key/);
  });

  it.runIf(process.platform === 'linux')('hashes on threads of the niceness it was given', async () => {
    const niced = startHashingProcess({ niceness: 7 });
    hashing = niced;
    await niced.kdf('warm up', CHEAP);
    const pid = niced.pid ?? 0;
    const before = new Map(threads(pid).map((thread) => [thread.tid, thread.cpu]));
    // Hashes costly enough to show in the threads' CPU times (clock ticks of 10 ms).
    await Promise.all(
      [1, 2].map((index) => niced.kdf(`password ${String(index)}`, { logN: 15, r: 8, p: 1 })),
    );
    const busiest = threads(pid)
      .filter((thread) => thread.tid !== pid)
      .sort(
        (left, right) => right.cpu - (before.get(right.tid) ?? 0) - (left.cpu - (before.get(left.tid) ?? 0)),
      )[0];
    expect(threads(pid).find((thread) => thread.tid === pid)?.nice).toBe(7);
    expect(busiest?.nice).toBe(7);
    expect(threads(process.pid).find((thread) => thread.tid === process.pid)?.nice).toBe(getPriority());
  });

  it('fails the requests of a child that died, and starts another for the next', async () => {
    hashing = startHashingProcess({ niceness: 10 });
    await hashing.kdf('start', CHEAP);
    const first = hashing.pid ?? 0;
    const waiting = hashing.kdf('lost', { logN: 18, r: 8, p: 1 });
    process.kill(first, 'SIGKILL');
    await expect(waiting).rejects.toBeInstanceOf(HashingProcessError);
    const key = await hashing.kdf('again', CHEAP);
    expect(await inProcessScrypt.verify(key, 'again')).toBe(true);
    expect(hashing.pid).not.toBe(first);
  });

  it('ends the child on close, failing what still waited, and refuses more', async () => {
    hashing = startHashingProcess({ niceness: 10 });
    await hashing.kdf('start', CHEAP);
    const pid = hashing.pid ?? 0;
    const waiting = hashing.kdf('cut short', { logN: 18, r: 8, p: 1 });
    await hashing.close();
    await expect(waiting).rejects.toBeInstanceOf(HashingProcessError);
    expect(isAlive(pid)).toBe(false);
    await expect(hashing.kdf('late', CHEAP)).rejects.toBeInstanceOf(HashingProcessError);
  });

  it('ends the child when the service is killed, and not on a SIGTERM meant for the service', async () => {
    const service = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('../../test-fixtures/hashing-service.ts', import.meta.url))],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = exitWithin(service, 30_000);
    try {
      const childPid = await new Promise<number>((resolve, reject) => {
        service.stdout.once('data', (data: Buffer) => {
          resolve(Number(String(data).trim()));
        });
        service.once('exit', (code) => {
          reject(new Error(`the service exited with ${String(code)}`));
        });
      });
      expect(isAlive(childPid)).toBe(true);
      process.kill(childPid, 'SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(isAlive(childPid)).toBe(true);
      service.kill('SIGKILL');
      await expect.poll(() => isAlive(childPid), { timeout: 10_000 }).toBe(false);
    } finally {
      service.kill('SIGKILL');
      await exited;
    }
  });
});

describe('createPasswordHasher with a hashing process', () => {
  it('tells a wrong password from a process that could not answer', async () => {
    const hashing = startHashingProcess({ niceness: 10 });
    const hasher = createPasswordHasher({ parameters: CHEAP, concurrency: 2, scrypt: hashing });
    const stored = await hasher.hash('right');
    expect(await hasher.verify(stored, 'right')).toBe(true);
    expect(await hasher.verify(stored, 'wrong')).toBe(false);
    expect(await hasher.verify('not a hash', 'right')).toBe(false);
    await hashing.close();
    await expect(hasher.verify(stored, 'right')).rejects.toBeInstanceOf(HashingProcessError);
  });
});
