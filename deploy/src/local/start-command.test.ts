import { describe, expect, it } from 'vitest';
import { parseStartCommand } from './start-command.js';

function parse(argv: readonly string[], environment: NodeJS.ProcessEnv = {}) {
  const written: string[] = [];
  const result = parseStartCommand(
    argv,
    { codeRoot: '/code', workingDirectory: '/here', environment },
    { writeOut: (text) => written.push(text), writeErr: (text) => written.push(text) },
  );
  return { result, written: written.join('') };
}

describe('npm start’s options', () => {
  it('run the default plan on .data at info when nothing is given', () => {
    expect(parse([]).result).toEqual({
      kind: 'run',
      options: {
        planFile: '/code/deploy/plans/local.json',
        dataDirectory: '/code/.data',
        logLevel: 'info',
        startTimeoutMilliseconds: 180_000,
      },
    });
  });

  it('take paths from where the command was typed, and DATA_DIR when --data-dir is not given', () => {
    expect(parse(['--plan', 'mine.json', '--data-dir', 'store']).result).toMatchObject({
      options: { planFile: '/here/mine.json', dataDirectory: '/here/store' },
    });
    expect(parse([], { DATA_DIR: '/var/tidepool' }).result).toMatchObject({
      options: { dataDirectory: '/var/tidepool' },
    });
  });

  it('take the agent’s log level from LOG_LEVEL, which --log-level overrides', () => {
    expect(parse([], { LOG_LEVEL: 'debug' }).result).toMatchObject({ options: { logLevel: 'debug' } });
    expect(parse(['--log-level', 'warn'], { LOG_LEVEL: 'debug' }).result).toMatchObject({
      options: { logLevel: 'warn' },
    });
    expect(parse([], { LOG_LEVEL: '' }).result).toMatchObject({ options: { logLevel: 'info' } });
  });

  it('refuse a LOG_LEVEL or a --log-level that is no level, with a usage error', () => {
    const variable = parse([], { LOG_LEVEL: 'loud' });
    expect(variable.result).toEqual({ kind: 'exit', code: 2 });
    expect(variable.written).toContain(
      "LOG_LEVEL 'loud' is not one of trace, debug, info, warn, error, silent",
    );

    const option = parse(['--log-level', 'loud']);
    expect(option.result).toEqual({ kind: 'exit', code: 2 });
    expect(option.written).toContain('loud');
  });

  it('show help, with the variables a plan may use, and exit 0', () => {
    const help = parse(['--help']);
    expect(help.result).toEqual({ kind: 'exit', code: 0 });
    expect(help.written).toMatch(/LOG_LEVEL {8}every slot's log level/);
    expect(help.written).toMatch(/default: LOG_LEVEL or\s+info/);
  });

  it('refuse a bad start timeout and unknown arguments', () => {
    expect(parse(['--start-timeout', '0']).result).toEqual({ kind: 'exit', code: 2 });
    expect(parse(['extra']).result).toEqual({ kind: 'exit', code: 2 });
  });
});
