/** The Clarity CSV the browser test uploads: the CLI's committed two-week sample, or a small one made here. */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The sample the `tidepool sample clarity` command writes (cli/README.md). */
export const COMMITTED_SAMPLE = fileURLToPath(
  new URL('../../cli/samples/clarity-two-weeks.csv', import.meta.url),
);

const HEADER =
  'Index,Timestamp (YYYY-MM-DDThh:mm:ss),Event Type,Event Subtype,Patient Info,Device Info,Source Device ID,' +
  'Glucose Value (mg/dL),Insulin Value (u),Carb Value (grams),Duration (hh:mm:ss),' +
  'Glucose Rate of Change (mg/dL/min),Transmitter Time (Long Integer),Transmitter ID';

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/**
 * A deterministic Clarity export of `days` days of 5-minute readings from local midnight of
 * `firstDay`: a daily curve from about 60 to 230 mg/dL, one `Low` and one `High` reading, a
 * calibration and the patient-information rows that must never be imported.
 */
export function makeClaritySample(firstDay: string, days: number): string {
  const rows = [
    HEADER,
    '1,,FirstName,,Jane,,,,,,,,,',
    '2,,LastName,,Doe,,,,,,,,,',
    '3,,Device,,,G6 Mobile App,,,,,,,,',
  ];
  const [year = 2024, month = 1, date = 1] = firstDay.split('-').map(Number);
  let index = 4;
  for (let minute = 0; minute < days * 24 * 60; minute += 5) {
    // Wall-clock times, as Clarity writes them (no offset): built without time zone arithmetic.
    const wall = new Date(Date.UTC(year, month - 1, date, 0, minute));
    const stamp =
      `${wall.getUTCFullYear()}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}` +
      `T${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:00`;
    const phase = ((minute % 1440) / 1440) * 2 * Math.PI;
    const day = Math.floor(minute / 1440);
    let value = String(Math.round(145 + 85 * Math.sin(phase * 2 + day) + 10 * Math.cos(phase * 7)));
    if (minute === 180) value = 'Low';
    if (minute === 1440 + 720) value = 'High';
    rows.push(`${index},${stamp},EGV,,,,iOS G6,${value},,,,0.1,${minute * 60},8XYZ12`);
    index += 1;
  }
  rows.push(`${index},${firstDay}T12:00:00,Calibration,,,,iOS G6,120,,,,,43200,8XYZ12`);
  return `${rows.join('\n')}\n`;
}

/** The committed sample when the CLI has written it, else a two-day one made here. */
export function claritySample(): { name: string; text: string } {
  if (existsSync(COMMITTED_SAMPLE)) {
    return { name: 'clarity-two-weeks.csv', text: readFileSync(COMMITTED_SAMPLE, 'utf8') };
  }
  return { name: 'clarity-two-days.csv', text: makeClaritySample('2024-05-01', 2) };
}
