import { describe, expect, it } from 'vitest';
import * as kit from '@tidepool/kit';
import * as testing from '@tidepool/kit/testing';

describe('the public entry points of @tidepool/kit', () => {
  it('export the app factory, errors, config, auth, database and crypto by name', () => {
    for (const name of [
      'createServiceApp',
      'ProblemError',
      'notFound',
      'loadConfig',
      'serviceConfigSchema',
      'createLogger',
      'getCaller',
      'createRemoteTokenChecker',
      'createServerTokenClient',
      'createServiceClient',
      'openDatabase',
      'startServer',
      'onShutdown',
      'createRecordCipher',
    ]) {
      expect(kit, name).toHaveProperty(name, expect.any(Function));
    }
  });

  it('keep test fixtures in the testing entry only', () => {
    expect(testing.startTestApp).toBeTypeOf('function');
    expect(testing.databaseBackends).toBeTypeOf('function');
    expect(kit).not.toHaveProperty('startTestApp');
  });
});
