import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBackends } from '@tidepool/kit/testing';
import type { dataContract, Permissions } from '@tidepool/spec';
import { cgmReadings, send, startDataFixture, type DataFixture, type FixtureUser } from '../testing/index.js';

type Credential = 'no token' | 'stranger' | 'viewer' | 'uploader' | 'custodian' | 'self' | 'server';
const CREDENTIALS: readonly Credential[] = [
  'no token',
  'stranger',
  'viewer',
  'uploader',
  'custodian',
  'self',
  'server',
];
const GRANTS: Partial<Record<Credential, Permissions>> = {
  viewer: { view: {} },
  uploader: { upload: {} },
  custodian: { custodian: {} },
};

/** A patient with one upload of data, and the token of the credential under test. */
interface Cell {
  readonly patient: FixtureUser;
  readonly uploadId: string;
  readonly token: string | undefined;
}

type Row = readonly [
  request: (fixture: DataFixture, cell: Cell) => Promise<Response>,
  expected: readonly number[],
];

/** Every route, with the status each credential gets, in the order of CREDENTIALS. */
const MATRIX: Record<keyof typeof dataContract, Row> = {
  getStatus: [(f) => send(f, 'GET', '/status'), [200, 200, 200, 200, 200, 200, 200]],
  getMetrics: [(f) => send(f, 'GET', '/metrics'), [200, 200, 200, 200, 200, 200, 200]],
  uploadData: [
    (f, c) =>
      send(f, 'POST', `/${c.patient.userid}`, {
        token: c.token,
        body: cgmReadings({ count: 2, uploadId: 'more' }),
      }),
    [401, 403, 403, 200, 200, 200, 200],
  ],
  queryData: [
    (f, c) => send(f, 'GET', `/${c.patient.userid}?type=cbg`, { token: c.token }),
    [401, 403, 200, 403, 200, 200, 200],
  ],
  getSummary: [
    (f, c) =>
      send(
        f,
        'GET',
        `/summary/${c.patient.userid}?startDate=2024-05-01T00:00:00Z&endDate=2024-05-02T00:00:00Z`,
        { token: c.token },
      ),
    [401, 403, 200, 403, 200, 200, 200],
  ],
  listUploads: [
    (f, c) => send(f, 'GET', `/uploads/${c.patient.userid}`, { token: c.token }),
    [401, 403, 200, 403, 200, 200, 200],
  ],
  deleteUpload: [
    (f, c) => send(f, 'DELETE', `/uploads/${c.patient.userid}/${c.uploadId}`, { token: c.token }),
    [401, 403, 403, 204, 204, 204, 204],
  ],
  eraseUser: [
    (f, c) => send(f, 'DELETE', `/internal/users/${c.patient.userid}`, { token: c.token }),
    [401, 403, 403, 403, 403, 403, 204],
  ],
};

describe.each(databaseBackends())('authorization matrix on %s', (backend) => {
  let fixture: DataFixture;
  beforeAll(async () => {
    fixture = await startDataFixture(backend);
  }, 60_000);
  afterAll(() => fixture.close());

  /** A fresh patient with data for each cell, so that deletions and erasures do not affect other cells. */
  async function cell(credential: Credential): Promise<Cell> {
    const patient = fixture.addUser();
    const uploadId = 'upload-1';
    const stored = await send(fixture, 'POST', `/${patient.userid}`, {
      token: patient.token,
      body: cgmReadings({ count: 3, uploadId }),
    });
    if (stored.status !== 200) throw new Error(`seeding answered ${stored.status}`);
    let token: string | undefined;
    if (credential === 'self') token = patient.token;
    else if (credential === 'server') token = fixture.serverToken;
    else if (credential !== 'no token') {
      const other = fixture.addUser();
      const grant = GRANTS[credential];
      if (grant !== undefined) fixture.permissions.grant(patient.userid, other.userid, grant);
      token = other.token;
    }
    return { patient, uploadId, token };
  }

  for (const [route, [request, expected]] of Object.entries(MATRIX)) {
    it(`answers ${route} as the permission rules say for every credential`, async () => {
      const answered: number[] = [];
      for (const credential of CREDENTIALS) {
        const response = await request(fixture, await cell(credential));
        answered.push(response.status);
        if (response.status >= 400) {
          expect(response.headers.get('content-type')).toContain('application/problem+json');
        }
        await response.arrayBuffer();
      }
      expect(
        Object.fromEntries(CREDENTIALS.map((credential, index) => [credential, answered[index]])),
      ).toEqual(Object.fromEntries(CREDENTIALS.map((credential, index) => [credential, expected[index]])));
    });
  }
});
