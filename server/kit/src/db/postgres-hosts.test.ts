import { describe, expect, it } from 'vitest';
import { describePostgresUrl, postgresHosts } from './postgres-hosts.js';

describe('postgresHosts', () => {
  it('reads every host of a multi-host URL in order, with their ports', () => {
    expect(
      postgresHosts(
        'postgres://app:secret@10.0.0.1:5433,db-two.internal:6432/platform?target_session_attrs=primary',
      ),
    ).toEqual([
      { host: '10.0.0.1', port: 5433 },
      { host: 'db-two.internal', port: 6432 },
    ]);
  });

  it('gives a host written without a port the default port 5432', () => {
    expect(postgresHosts('postgresql://app@primary,standby:5433/db')).toEqual([
      { host: 'primary', port: 5432 },
      { host: 'standby', port: 5433 },
    ]);
  });

  it('reads bracketed IPv6 addresses', () => {
    expect(postgresHosts('postgres://app@[::1]:5433,[fd00::2]/db')).toEqual([
      { host: '::1', port: 5433 },
      { host: 'fd00::2', port: 5432 },
    ]);
  });

  it('answers no host when the URL names none (a socket in the query string or PGHOST)', () => {
    expect(postgresHosts('postgres:///platform?host=/run/postgresql')).toEqual([]);
  });

  it('refuses a URL that is not postgres:// and a host it cannot read', () => {
    expect(() => postgresHosts('mysql://app@db/platform')).toThrow(/postgres:\/\//);
    expect(() => postgresHosts('postgres://app@db:99999/platform')).toThrow(/db:99999/);
    expect(() => postgresHosts('postgres://app@db:port/platform')).toThrow(/cannot be read/);
  });

  it('describes a URL without its credentials or query', () => {
    expect(describePostgresUrl('postgres://app:secret@h1:5432,h2:5433/db?sslmode=require')).toBe(
      'postgres://h1:5432,h2:5433',
    );
  });
});
