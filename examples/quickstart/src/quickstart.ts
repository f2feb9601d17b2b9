/**
 * Quick start of the Tidepool SDK: sign a patient up, upload a day of CGM readings, read them
 * back with a summary, and share them with a caregiver who then reads them too.
 *
 * Run against `npm start`: `npm start -w examples/quickstart` (TIDEPOOL_URL to point elsewhere).
 */
import { randomBytes } from 'node:crypto';
import { createClient, type Datum } from '@tidepool/sdk';

const baseUrl = process.env.TIDEPOOL_URL ?? 'http://localhost:8009';
const tag = randomBytes(4).toString('hex');
const password = `quickstart ${randomBytes(12).toString('base64url')}`;

/** A day of 5-minute readings (288) from a made-up Dexcom, in mg/dL, and the upload record naming them. */
function dayOfCgm(day: string): Datum[] {
  const deviceId = `DexG7_${tag}`;
  const uploadId = `quickstart-${tag}`;
  const start = Date.parse(`${day}T00:00:00Z`);
  const readings: Datum[] = Array.from({ length: 288 }, (_, index) => ({
    type: 'cbg',
    time: new Date(start + index * 5 * 60_000).toISOString(),
    units: 'mg/dL',
    value: Math.round(120 + 50 * Math.sin((index / 288) * 2 * Math.PI * 3)),
    deviceId,
    uploadId,
  }));
  const upload: Datum = {
    type: 'upload',
    time: new Date(start).toISOString(),
    deviceId,
    uploadId,
    deviceManufacturers: ['Dexcom'],
    deviceModel: 'G7',
    deviceTags: ['cgm'],
    timezone: 'UTC',
    computerTime: `${day}T23:59:00`,
    version: 'quickstart-0.1.0',
  };
  return [upload, ...readings];
}

// 1. A patient signs up (the SDK keeps the session) and says so in their profile.
const patientClient = createClient({ baseUrl });
const patient = await patientClient.signup({ emails: [`patient-${tag}@example.org`], password });
await patientClient.metadata.update(patient.userid, 'profile', {
  fullName: 'Quinn Quickstart',
  patient: { diagnosisType: 'type1' },
});
console.log(`signed up ${patient.userid}`);

// 2. A day of CGM goes up in one request; sending it again stores nothing new.
const day = '2024-05-01';
const data = dayOfCgm(day);
const uploaded = await patientClient.data.upload(patient.userid, data);
console.log(
  `uploaded 288 readings and their upload record: ${uploaded.stored} stored, ${uploaded.duplicates} duplicates`,
);
const again = await patientClient.data.upload(patient.userid, data);
console.log(`sent again: ${again.stored} stored, ${again.duplicates} duplicates`);

// 3. Read it back, and the numbers a clinician reads first.
const range = { startDate: `${day}T00:00:00Z`, endDate: `${day}T23:59:59Z` };
const readings = await patientClient.data.query(patient.userid, { type: 'cbg', ...range });
const summary = await patientClient.data.summary(patient.userid, { ...range, units: 'mg/dL' });
console.log(
  `read back ${readings.length} readings; mean ${summary.mean.toFixed(0)} mg/dL, ` +
    `${(summary.timeInRange * 100).toFixed(0)} % in range, GMI ${summary.gmi.toFixed(1)} %`,
);

// 4. Share with a caregiver: they sign up, the patient grants view, the caregiver reads.
const caregiverClient = createClient({ baseUrl });
const caregiver = await caregiverClient.signup({ emails: [`caregiver-${tag}@example.org`], password });
await patientClient.access.setPermissions(patient.userid, caregiver.userid, { view: {} });
const shared = await caregiverClient.data.query(patient.userid, { type: 'cbg', ...range });
console.log(`the caregiver sees ${shared.length} readings of ${patient.userid}`);

await Promise.all([patientClient.logout(), caregiverClient.logout()]);
if (again.stored !== 0 || readings.length !== 288 || shared.length !== 288) {
  console.error('expected nothing new from the second upload, and 288 readings both ways');
  process.exit(1);
}
