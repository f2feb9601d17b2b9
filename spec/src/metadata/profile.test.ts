import { describe, expect, it } from 'vitest';
import { CalendarDateSchema, PairNameSchema, ProfileSchema } from '@tidepool/spec';

describe('ProfileSchema', () => {
  it('keeps fields it does not know, as clients sent them', () => {
    const profile = { fullName: 'Jane Doe', patient: { birthday: '1990-04-12', mrn: '123' }, nickname: 'J' };
    expect(ProfileSchema.parse(profile)).toEqual(profile);
  });

  it('refuses a birthday or diagnosis date that is not YYYY-MM-DD', () => {
    const result = ProfileSchema.safeParse({ patient: { birthday: '12/04/1990' } });
    expect(result.error?.issues[0]?.path).toEqual(['patient', 'birthday']);
    expect(ProfileSchema.safeParse({ patient: { diagnosisDate: '2001-02-30' } }).success).toBe(false);
  });
});

describe('CalendarDateSchema', () => {
  it('accepts a leap day and refuses a day that does not exist', () => {
    expect(CalendarDateSchema.safeParse('2024-02-29').success).toBe(true);
    expect(CalendarDateSchema.safeParse('2023-02-29').success).toBe(false);
  });
});

describe('PairNameSchema', () => {
  it('accepts data, messages and later lowercase portions', () => {
    for (const name of ['data', 'messages', 'research-export'])
      expect(PairNameSchema.safeParse(name).success).toBe(true);
  });

  it('refuses names that could escape a path or a key', () => {
    for (const name of ['Data', '../meta', '', 'x'.repeat(33)])
      expect(PairNameSchema.safeParse(name).success).toBe(false);
  });
});
