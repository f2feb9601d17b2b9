import type { StoredDatum } from '@tidepool/sdk';
import { describe, expect, it } from 'vitest';
import { dayBasalUnits, dayDoses, describeDayDoses, formatGrams, formatUnits } from './day-doses.js';

const common = { deviceId: 'pen-1', uploadId: 'upload-1', createdTime: '2024-05-02T00:00:00Z' };

function datum(time: string, fields: Record<string, unknown>): StoredDatum {
  return { id: `id-${time}`, time, ...common, ...fields } as unknown as StoredDatum;
}

const START = new Date('2024-05-01T00:00:00Z');
const END = new Date('2024-05-02T00:00:00Z');

describe('dayDoses', () => {
  it('lists boluses, injections and carbs of the day in time order, with what they add up to', () => {
    const data = [
      datum('2024-05-01T21:00:00Z', {
        type: 'insulin',
        dose: { total: 18, units: 'Units' },
        formulation: { simple: { actingType: 'long', brand: 'Tresiba' } },
      }),
      datum('2024-05-01T12:00:00Z', {
        type: 'food',
        name: 'Lunch',
        nutrition: { carbohydrate: { net: 60, units: 'grams' } },
      }),
      datum('2024-05-01T12:01:00Z', { type: 'bolus', subType: 'normal', normal: 4.5 }),
      datum('2024-05-01T18:00:00Z', {
        type: 'bolus',
        subType: 'dual/square',
        normal: 2,
        extended: 3,
        duration: 5_400_000,
      }),
      datum('2024-05-01T19:00:00Z', { type: 'bolus', subType: 'square', extended: 1, duration: 1_800_000 }),
      datum('2024-05-01T19:30:00Z', { type: 'bolus', subType: 'automated', normal: 0.35 }),
      datum('2024-05-01T07:30:00Z', {
        type: 'food',
        nutrition: { carbohydrate: { net: 32.5, units: 'grams' } },
      }),
      datum('2024-05-01T07:31:00Z', {
        type: 'insulin',
        dose: { total: 3.25, units: 'Units' },
        formulation: { name: 'Fiasp' },
      }),
      datum('2024-05-01T08:00:00Z', { type: 'insulin', formulation: { simple: { actingType: 'rapid' } } }),
      datum('2024-05-01T09:00:00Z', { type: 'cbg', units: 'mmol/L', value: 6 }),
      datum('2024-05-01T10:00:00Z', {
        type: 'basal',
        deliveryType: 'scheduled',
        rate: 0.8,
        duration: 3_600_000,
      }),
    ];
    const doses = dayDoses(data, START, END);
    expect(doses.lines.map(({ what, amount }) => [what, amount])).toEqual([
      ['Carbs', '32.5 g'],
      ['Insulin (Fiasp)', '3.25 units'],
      ['Rapid-acting insulin', 'Dose not given'],
      ['Carbs (Lunch)', '60 g'],
      ['Bolus', '4.5 units'],
      ['Dual bolus', '5 units (3 units over 1 h 30 min)'],
      ['Extended bolus', '1 unit (1 unit over 30 min)'],
      ['Long-acting insulin (Tresiba)', '18 units'],
    ]);
    // The chart's marks: a row for insulin and one for carbs, the amount as short as a mark needs.
    expect(doses.lines.map(({ kind, mark }) => `${kind} ${mark}`)).toEqual([
      'carbs 32.5 g',
      'insulin 3.25 U',
      'insulin ? U',
      'carbs 60 g',
      'insulin 4.5 U',
      'insulin 5 U',
      'insulin 1 U',
      'insulin 18 U',
    ]);
    expect(doses.lines[0]?.time).toBe(Date.parse('2024-05-01T07:30:00Z'));
    expect(doses.insulinUnits).toBeCloseTo(18 + 4.5 + 5 + 1 + 0.35 + 3.25, 9);
    expect(doses.carbGrams).toBe(92.5);
    // The hour of basal at 0.8 units an hour is in the day's insulin, not in the list.
    expect(doses.basalUnits).toBeCloseTo(0.8, 9);
    // The automated bolus is in the totals, not in the list.
    expect(doses.automated).toEqual({ count: 1, units: 0.35 });
    expect(describeDayDoses(doses)).toBe(
      'Insulin: 32.9 units (basal 0.8 units, boluses and injections 32.1 units). Carbs: 92.5 g. ' +
        'Of the boluses, 0.35 units came in 1 automated bolus, not listed one by one.',
    );
    const withoutBasal = dayDoses(
      data.filter((datum) => datum.type !== 'basal'),
      START,
      END,
    );
    expect(withoutBasal.basalUnits).toBeUndefined();
    expect(describeDayDoses(withoutBasal)).toBe(
      'Insulin from boluses and injections: 32.1 units. Carbs: 92.5 g. ' +
        'Of the boluses, 0.35 units came in 1 automated bolus, not listed one by one.',
    );
  });

  it('leaves out what falls outside the day (its end is exclusive)', () => {
    const bolus = (time: string) => datum(time, { type: 'bolus', subType: 'normal', normal: 1 });
    const doses = dayDoses(
      [bolus('2024-04-30T23:59:59.999Z'), bolus('2024-05-01T00:00:00Z'), bolus('2024-05-02T00:00:00Z')],
      START,
      END,
    );
    expect(doses.lines.map((line) => line.time)).toEqual([START.getTime()]);
    expect(doses.insulinUnits).toBe(1);
  });

  it('leaves out a food with no carbohydrates given, and counts a carb entry as Loop sends it', () => {
    const doses = dayDoses(
      [
        datum('2024-05-01T08:00:00Z', {
          type: 'food',
          name: 'Eggs',
          nutrition: { protein: { total: 12, units: 'grams' } },
        }),
        datum('2024-05-01T08:05:00Z', { type: 'food', meal: 'breakfast' }),
        datum('2024-05-01T12:00:00Z', {
          type: 'food',
          name: '🌮',
          nutrition: { carbohydrate: { net: 45, units: 'grams' }, estimatedAbsorptionDuration: 10_800 },
        }),
      ],
      START,
      END,
    );
    expect(doses.lines.map(({ what, amount }) => [what, amount])).toEqual([['Carbs (🌮)', '45 g']]);
    expect(doses.carbGrams).toBe(45);
  });

  it('says so when the day has none', () => {
    const doses = dayDoses(
      [datum('2024-05-01T09:00:00Z', { type: 'cbg', units: 'mmol/L', value: 6 })],
      START,
      END,
    );
    expect(doses).toStrictEqual({
      lines: [],
      insulinUnits: 0,
      basalUnits: undefined,
      carbGrams: 0,
      automated: { count: 0, units: 0 },
    });
    expect(describeDayDoses(doses)).toBe('No boluses, injections or carbs on this day.');
  });
});

describe("a closed loop's automated boluses", () => {
  it('counts them in the day and leaves them out of the list, dozens a day as a loop gives them', () => {
    const automated = Array.from({ length: 40 }, (_, index) =>
      datum(new Date(Date.parse('2024-05-01T06:00:00Z') + index * 300_000).toISOString(), {
        type: 'bolus',
        subType: 'automated',
        normal: 0.25,
      }),
    );
    const doses = dayDoses(
      [...automated, datum('2024-05-01T12:00:00Z', { type: 'bolus', subType: 'normal', normal: 4 })],
      START,
      END,
    );
    expect(doses.lines.map((line) => line.what)).toEqual(['Bolus']);
    expect(doses.insulinUnits).toBeCloseTo(14, 9);
    expect(doses.automated).toEqual({ count: 40, units: 10 });
    expect(describeDayDoses(doses)).toBe(
      'Insulin from boluses and injections: 14 units. Carbs: 0 g. ' +
        'Of the boluses, 10 units came in 40 automated boluses, not listed one by one.',
    );
  });
});

describe('dayBasalUnits', () => {
  const basal = (time: string, hours: number, fields: Record<string, unknown>) =>
    datum(time, { type: 'basal', deliveryType: 'scheduled', duration: hours * 3_600_000, ...fields });

  it('counts each rate over its part of the day, from midnight and up to the next midnight', () => {
    const data = [
      // Began the evening before: its 2 hours after midnight count.
      basal('2024-04-30T22:00:00Z', 4, { rate: 1 }),
      basal('2024-05-01T02:00:00Z', 20, { rate: 0.5 }),
      // Runs past the day's end: its first 2 hours count.
      basal('2024-05-01T22:00:00Z', 6, { rate: 1.5 }),
    ];
    expect(dayBasalUnits(data, START, END)).toBeCloseTo(2 * 1 + 20 * 0.5 + 2 * 1.5, 9);
  });

  it('counts a temp rate as delivered and a suspension as nothing, whatever rate it names', () => {
    const data = [
      basal('2024-05-01T00:00:00Z', 12, { rate: 1 }),
      basal('2024-05-01T12:00:00Z', 2, { deliveryType: 'temp', rate: 2.5, percent: 2.5 }),
      basal('2024-05-01T14:00:00Z', 1, { deliveryType: 'suspend', rate: 1 }),
      basal('2024-05-01T15:00:00Z', 9, { deliveryType: 'automated', rate: 0.2 }),
    ];
    expect(dayBasalUnits(data, START, END)).toBeCloseTo(12 + 5 + 0 + 1.8, 9);
    // A day with only a suspension had basal data: none delivered, rather than not known.
    expect(dayBasalUnits([basal('2024-05-01T14:00:00Z', 1, { deliveryType: 'suspend' })], START, END)).toBe(
      0,
    );
  });

  it('ends a segment where the next begins, so that overlapping or repeated segments count once', () => {
    const data = [
      basal('2024-05-01T00:00:00Z', 24, { rate: 1 }),
      // The same segment from a second upload of the same pump, and a temp rate inside the first.
      basal('2024-05-01T00:00:00Z', 24, { rate: 1, uploadId: 'upload-2' }),
      basal('2024-05-01T06:00:00Z', 1, { deliveryType: 'temp', rate: 3 }),
    ];
    // 6 hours at 1, then the temp hour at 3; the first segment's rest is not running any more.
    expect(dayBasalUnits(data, START, END)).toBeCloseTo(6 + 3, 9);
  });

  it('is undefined when no segment covers any of the day', () => {
    const data = [
      basal('2024-04-30T20:00:00Z', 4, { rate: 1 }),
      basal('2024-05-02T00:00:00Z', 4, { rate: 1 }),
      datum('2024-05-01T12:01:00Z', { type: 'bolus', subType: 'normal', normal: 4.5 }),
    ];
    expect(dayBasalUnits(data, START, END)).toBeUndefined();
  });
});

describe('the amounts as people read them', () => {
  it('writes units with at most two decimals and one unit in the singular', () => {
    expect([
      formatUnits(1),
      formatUnits(0.999),
      formatUnits(0.5),
      formatUnits(2.125),
      formatUnits(10),
    ]).toEqual(['1 unit', '1 unit', '0.5 units', '2.13 units', '10 units']);
    expect([formatGrams(45), formatGrams(12.25)]).toEqual(['45 g', '12.3 g']);
  });
});
