import { describe, expect, it } from 'vitest';
import { progressText, reportLines, shownSkippedLines } from './upload-report.js';
import { deviceFileKind } from './device-import.js';

describe('the upload report', () => {
  it('says what was stored, duplicated, rejected and skipped', () => {
    const report = {
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

  it('lists the first 20 skipped lines and counts the rest', () => {
    const skipped = Array.from({ length: 25 }, (_, index) => ({ line: index + 2, reason: 'Alert' }));
    const shown = shownSkippedLines({ stored: 0, duplicates: 0, rejected: 0, skipped, failures: [] });
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
