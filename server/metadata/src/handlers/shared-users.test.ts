import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBackends } from '@tidepool/kit/testing';
import type { SharedUser } from '@tidepool/spec';
import { startTestPlatform, type TestPlatform, type TestUser } from '../../test-fixtures/test-platform.js';

describe.each(databaseBackends())('GET /users/:userid/users on %s', (backend) => {
  let platform: TestPlatform;
  let patient: TestUser;
  let clinician: TestUser;
  let parent: TestUser;
  let uploaderFriend: TestUser;
  let stranger: TestUser;

  async function profile(user: TestUser, body: object) {
    const response = await platform.call('PUT', `/${user.userid}/profile`, { token: user.token, body });
    expect(response.status).toBe(200);
  }

  beforeAll(async () => {
    platform = await startTestPlatform(backend);
    patient = await platform.newUser();
    clinician = await platform.newUser();
    parent = await platform.newUser();
    uploaderFriend = await platform.newUser();
    stranger = await platform.newUser();
    await profile(patient, {
      fullName: 'Pat Patient',
      patient: { birthday: '2010-01-02', diagnosisType: 'type1' },
    });
    await profile(clinician, {
      fullName: 'Dr. Clara',
      patient: { diagnosisType: 'type2', about: 'private' },
    });
    await profile(parent, { fullName: 'Paula Parent' });
    await profile(uploaderFriend, { fullName: 'Uma Uploader', patient: { birthday: '1980-05-06' } });
    await profile(stranger, { fullName: 'Sam Stranger', patient: { birthday: '1970-01-01' } });
    // The patient shares with the clinician (view) and the parent (custodian); the parent shares
    // back with view; the uploader friend shares upload only with the patient.
    platform.sharing.grant(patient.userid, clinician.userid, { view: {}, note: {} });
    platform.sharing.grant(patient.userid, parent.userid, { custodian: {} });
    platform.sharing.grant(parent.userid, patient.userid, { view: {} });
    platform.sharing.grant(uploaderFriend.userid, patient.userid, { upload: {} });
  });
  afterAll(async () => {
    await platform.close();
  });

  async function list(user: TestUser, token = user.token): Promise<SharedUser[]> {
    const response = await platform.call('GET', `/users/${user.userid}/users`, { token });
    expect(response.status).toBe(200);
    const users = (await response.json()) as SharedUser[];
    return users.sort((left, right) => left.userid.localeCompare(right.userid));
  }
  const byId = (users: SharedUser[], user: TestUser) => users.find((entry) => entry.userid === user.userid);

  it('lists everyone linked both ways with their names, the user themself left out', async () => {
    const users = await list(patient);
    expect(users.map((entry) => entry.userid).sort()).toEqual(
      [clinician.userid, parent.userid, uploaderFriend.userid].sort(),
    );
    expect(byId(users, clinician)).toEqual({
      userid: clinician.userid,
      profile: { fullName: 'Dr. Clara' },
      trusteePermissions: { view: {}, note: {} },
    });
    expect(byId(users, parent)).toEqual({
      userid: parent.userid,
      profile: { fullName: 'Paula Parent' },
      trustorPermissions: { view: {} },
      trusteePermissions: { custodian: {} },
    });
  });

  it('shows patient details only of people whose data the user may view', async () => {
    const users = await list(patient);
    // Upload lets the patient send data for the friend, not read it: name only.
    expect(byId(users, uploaderFriend)).toEqual({
      userid: uploaderFriend.userid,
      profile: { fullName: 'Uma Uploader' },
      trustorPermissions: { upload: {} },
    });
    const clinicianList = await list(clinician);
    expect(clinicianList).toEqual([
      {
        userid: patient.userid,
        profile: { fullName: 'Pat Patient', patient: { birthday: '2010-01-02', diagnosisType: 'type1' } },
        trustorPermissions: { view: {}, note: {} },
      },
    ]);
  });

  it('never names anyone not linked by a permission', async () => {
    const everyone = [patient, clinician, parent, uploaderFriend].map((user) => list(user));
    for (const users of await Promise.all(everyone)) {
      expect(JSON.stringify(users)).not.toContain(stranger.userid);
      expect(JSON.stringify(users)).not.toContain('Sam Stranger');
    }
    expect(await list(stranger)).toEqual([]);
  });

  it('answers the same list to a server as to the user', async () => {
    expect(await list(patient, platform.serverToken)).toEqual(await list(patient));
  });

  it('lists a linked user without a profile, and one whose account is gone, by id and permissions only', async () => {
    const quiet = await platform.newUser();
    platform.sharing.grant(quiet.userid, stranger.userid, { view: {} });
    platform.sharing.grant(stranger.userid, 'abcdefabcdef', { view: {} });
    const users = await list(stranger);
    expect(users).toEqual(
      [
        { userid: quiet.userid, trustorPermissions: { view: {} } },
        { userid: 'abcdefabcdef', trusteePermissions: { view: {} } },
      ].sort((left, right) => left.userid.localeCompare(right.userid)),
    );
  });
});
