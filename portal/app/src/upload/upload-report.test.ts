import { describe, expect, it } from 'vitest';
import { contentsText, progressText, reportLines, shownSkippedLines } from './upload-report.js';
import { deviceFileKind } from './device-import.js';

describe('the upload report', () => {
  it('says what was stored, duplicated, rejected and skipped', () => {
    const report = {
      contents: ['4,032 CGM readings', '1 upload record'],
      stored: 4032,
      duplicates: 1,
      rejected: 0,
      skipped: [{ line: 2, reason: 'Patient information, not data.' }],
      failures: [],
    };
    expect(reportLines(report)).toEqual([
      { label: 'Stored', value: '4,032 records' },
      { label: 'Already there (duplicates)', value: '1 record' },
      { label: 'Rejected by the platform', value: '0 records' },
      { label: 'Lines of the file skipped', value: '1 line' },
    ]);
  });

  it('says what the file held in one sentence', () => {
    const held = (contents: string[]) =>
      contentsText({ contents, stored: 0, duplicates: 0, rejected: 0, skipped: [], failures: [] });
    expect(held(['4,032 CGM readings', '41 boluses', '1 upload record'])).toBe(
      'The file held 4,032 CGM readings, 41 boluses and 1 upload record.',
    );
    expect(held(['12 meter readings', '1 upload record'])).toBe(
      'The file held 12 meter readings and 1 upload record.',
    );
    expect(held(['1 injection'])).toBe('The file held 1 injection.');
    expect(held([])).toBe('The file held no data.');
  });

  it('lists the first 20 skipped lines and counts the rest', () => {
    const skipped = Array.from({ length: 25 }, (_, index) => ({ line: index + 2, reason: 'Alert' }));
    const shown = shownSkippedLines({
      contents: [],
      stored: 0,
      duplicates: 0,
      rejected: 0,
      skipped,
      failures: [],
    });
    expect(shown.lines).toHaveLength(20);
    expect(shown.lines[0]).toEqual({ line: 2, reason: 'Alert' });
    expect(shown.more).toBe(5);
  });

  it('writes the progress for the live region', () => {
    expect(progressText(2000, 4033)).toBe('Uploaded 2,000 of 4,033 records.');
  });
});

describe('deviceFileKind', () => {
  it('knows a file by its extension, and else by its first character', () => {
    expect(deviceFileKind('export.CSV', '[')).toBe('clarity-csv');
    expect(deviceFileKind('export.json', 'Index,')).toBe('tidepool-json');
    expect(deviceFileKind('export', '  [{"type":"cbg"}]')).toBe('tidepool-json');
    expect(deviceFileKind('export', 'Index,Timestamp')).toBe('clarity-csv');
  });
});
