import { describe, expect, it } from 'vitest';
import { formatTable } from './table.js';

describe('formatTable', () => {
  it('aligns each column to its widest cell and trims the ends of lines', () => {
    expect(
      formatTable(
        ['SLOT', 'STATE', 'PID'],
        [
          ['styx-1', 'RUNNING', '4242'],
          ['hakken-10', 'STOPPED', ''],
        ],
      ),
    ).toBe(['SLOT       STATE    PID', 'styx-1     RUNNING  4242', 'hakken-10  STOPPED', ''].join('\n'));
  });

  it('prints the header alone when there are no rows', () => {
    expect(formatTable(['SERVER', 'MACHINE'], [])).toBe('SERVER  MACHINE\n');
  });
});
