import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  DATUM_TYPES,
  DatumSchema,
  StoredDatumSchema,
  UploadBodySchema,
  fieldErrorsFromZodError,
  type Datum,
} from '@tidepool/spec';

const cbg = {
  type: 'cbg',
  time: '2024-05-01T08:30:00Z',
  deviceId: 'DexG6_ABC123',
  uploadId: 'upload-1',
  units: 'mg/dL',
  value: 112,
};

/** The dotted paths of the fields a body fails on, as a problem's `errors` would name them. */
function invalidPaths(schema: z.ZodTypeAny, value: unknown): string[] {
  const result = schema.safeParse(value);
  if (result.success) return [];
  return fieldErrorsFromZodError('body', result.error).map((error) => error.path);
}

describe('DatumSchema', () => {
  it.each([
    ['mg/dL', 112],
    ['mg/dl', 1000],
    ['mmol/L', 6.2],
    ['mmol/l', 0],
  ])('accepts a cbg reading in %s', (units, value) => {
    expect(DatumSchema.safeParse({ ...cbg, units, value }).success).toBe(true);
  });

  it('refuses a mmol/L reading above 55 at `value`, naming the units', () => {
    const result = DatumSchema.safeParse({ ...cbg, units: 'mmol/L', value: 112 });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ path: ['value'], message: expect.stringContaining('mmol/L') as string }),
    ]);
  });

  it('refuses a mg/dL reading above 1000 or below 0', () => {
    expect(invalidPaths(DatumSchema, { ...cbg, value: 1001 })).toEqual(['value']);
    expect(invalidPaths(DatumSchema, { ...cbg, value: -1 })).toEqual(['value']);
  });

  it('refuses units that are not glucose units', () => {
    expect(invalidPaths(DatumSchema, { ...cbg, units: 'mg' })).toEqual(['units']);
  });

  it('refuses a time without offset or that is not a time', () => {
    expect(invalidPaths(DatumSchema, { ...cbg, time: '2024-05-01T08:30:00' })).toEqual(['time']);
    expect(invalidPaths(DatumSchema, { ...cbg, time: 'yesterday' })).toEqual(['time']);
  });

  it('accepts a time with an offset', () => {
    expect(DatumSchema.safeParse({ ...cbg, time: '2024-05-01T10:30:00+02:00' }).success).toBe(true);
  });

  it('refuses an unknown type at `type`', () => {
    expect(invalidPaths(DatumSchema, { ...cbg, type: 'ketone' })).toEqual(['type']);
  });

  it('refuses an unknown field, naming it', () => {
    expect(invalidPaths(DatumSchema, { ...cbg, patientName: 'Jane' })).toEqual(['patientName']);
  });

  it("accepts a CGM reading with its trend arrow and rate, as Loop and Tidepool's uploader send it, and refuses them out of range", () => {
    const loopReading = {
      ...cbg,
      trend: 'constant',
      trendRate: 0.1,
      origin: { id: 'e71808a7', name: 'com.loopkit.Loop', type: 'application' },
      payload: { syncIdentifier: '18CF3948', syncVersion: 3 },
    };
    expect(DatumSchema.parse(loopReading)).toEqual(loopReading);
    const backfilled = { ...cbg, sampleInterval: 300_000, backfilled: true };
    expect(DatumSchema.parse(backfilled)).toEqual(backfilled);
    expect(invalidPaths(DatumSchema, { ...cbg, trend: 'sideways' })).toEqual(['trend']);
    expect(invalidPaths(DatumSchema, { ...cbg, trendRate: -100.5 })).toEqual(['trendRate']);
    expect(invalidPaths(DatumSchema, { ...cbg, sampleInterval: 86_400_001 })).toEqual(['sampleInterval']);
    expect(invalidPaths(DatumSchema, { ...cbg, type: 'smbg', trend: 'constant' })).toEqual(['trend']);
  });

  describe("the common fields Tidepool's clients may send on any datum", () => {
    const tagged = {
      ...cbg,
      timezone: 'America/Los_Angeles',
      timezoneOffset: -420,
      tags: ['exercise', 'travel'],
      associations: [
        { type: 'datum', id: '0123456789abcdef0123456789abcdef', reason: 'the bolus for it' },
        { type: 'url', url: 'https://example.org/meal.jpg' },
      ],
      location: {
        name: 'Office',
        gps: {
          latitude: { units: 'degrees', value: 37.77 },
          longitude: { units: 'degrees', value: -122.42 },
          elevation: { units: 'meters', value: 16 },
          horizontalAccuracy: { units: 'meters', value: 5 },
        },
      },
      source: 'carelink',
    };

    it('accepts a time zone, tags, associations, a location and the source, as sent', () => {
      expect(DatumSchema.parse(tagged)).toEqual(tagged);
      expect(DatumSchema.safeParse({ ...cbg, location: { name: 'Home' } }).success).toBe(true);
    });

    it('refuses each of them malformed, naming the field', () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ timezone: 'Pacific Time' }, 'timezone'],
        [{ tags: ['travel', 'travel'] }, 'tags'],
        [{ tags: [] }, 'tags'],
        [{ associations: [{ type: 'url', id: 'abc' }] }, 'associations.0.url'],
        [{ associations: [{ type: 'image' }] }, 'associations.0.id'],
        [{ associations: [{ type: 'note', id: 'abc' }] }, 'associations.0.type'],
        [{ location: {} }, 'location'],
        [{ location: { gps: { latitude: { units: 'degrees', value: 91 } } } }, 'location.gps.latitude.value'],
        [{ source: 'clarity' }, 'source'],
      ];
      for (const [fields, path] of cases) {
        expect(invalidPaths(DatumSchema, { ...cbg, ...fields }), JSON.stringify(fields)).toContain(path);
      }
    });
  });

  it('refuses a missing deviceId', () => {
    const { deviceId: _deviceId, ...withoutDevice } = cbg;
    expect(invalidPaths(DatumSchema, withoutDevice)).toEqual(['deviceId']);
  });

  it('requires a rate on a basal that is not a suspend', () => {
    const basal = { ...cbg, type: 'basal', deliveryType: 'scheduled', duration: 3_600_000 } as Record<
      string,
      unknown
    >;
    delete basal.units;
    delete basal.value;
    expect(invalidPaths(DatumSchema, basal)).toEqual(['rate']);
    expect(DatumSchema.safeParse({ ...basal, deliveryType: 'suspend' }).success).toBe(true);
    expect(DatumSchema.safeParse({ ...basal, rate: 0.85 }).success).toBe(true);
  });

  it('requires the amounts a bolus subType delivers', () => {
    const bolus = { type: 'bolus', time: cbg.time, deviceId: 'pump', uploadId: 'upload-1' };
    expect(DatumSchema.safeParse({ ...bolus, subType: 'normal', normal: 2.5 }).success).toBe(true);
    expect(invalidPaths(DatumSchema, { ...bolus, subType: 'dual/square', normal: 1 }).sort()).toEqual([
      'duration',
      'extended',
    ]);
    expect(invalidPaths(DatumSchema, { ...bolus, subType: 'normal', normal: 251 })).toEqual(['normal']);
  });

  describe("a pump's basal and bolus as Tidepool's uploader and Loop send them", () => {
    const pump = { time: cbg.time, deviceId: 'pump-1', uploadId: 'upload-1' };
    const scheduled = { type: 'basal', deliveryType: 'scheduled', rate: 0.8, scheduleName: 'Standard' };
    const temp = {
      ...pump,
      type: 'basal',
      deliveryType: 'temp',
      duration: 1_800_000,
      expectedDuration: 3_600_000,
      rate: 0.4,
      percent: 0.5,
      suppressed: scheduled,
    };

    it('accepts the rate a temp basal, a suspension or an automated rate replaced', () => {
      expect(DatumSchema.parse(temp)).toEqual(temp);
      const suspend = {
        ...pump,
        type: 'basal',
        deliveryType: 'suspend',
        duration: 900_000,
        // The temp rate the suspension cut into, and the scheduled rate under that.
        suppressed: { type: 'basal', deliveryType: 'temp', rate: 0.4, percent: 0.5, suppressed: scheduled },
      };
      expect(DatumSchema.parse(suspend)).toEqual(suspend);
      const automated = {
        ...pump,
        type: 'basal',
        deliveryType: 'automated',
        duration: 300_000,
        rate: 1.1,
        scheduleName: 'Standard',
        suppressed: scheduled,
        insulinFormulation: { simple: { actingType: 'rapid', brand: 'Novolog' } },
      };
      expect(DatumSchema.parse(automated)).toEqual(automated);
      const onAutomated = { ...temp, suppressed: { type: 'basal', deliveryType: 'automated', rate: 1.1 } };
      expect(DatumSchema.safeParse(onAutomated).success).toBe(true);
    });

    it('refuses what a kind of basal cannot replace, a replaced rate without its rate, and fields it does not know', () => {
      const plain = { ...pump, type: 'basal', deliveryType: 'scheduled', duration: 3_600_000, rate: 0.8 };
      expect(invalidPaths(DatumSchema, { ...plain, suppressed: scheduled })).toEqual([
        'suppressed.deliveryType',
      ]);
      const tempRate = { type: 'basal', deliveryType: 'temp', rate: 0.4 };
      expect(invalidPaths(DatumSchema, { ...temp, suppressed: tempRate })).toEqual([
        'suppressed.deliveryType',
      ]);
      expect(DatumSchema.safeParse({ ...temp, suppressed: tempRate }).error?.issues[0]?.message).toBe(
        'A temp basal replaces a scheduled or automated one, not a temp one.',
      );
      expect(
        invalidPaths(DatumSchema, { ...temp, suppressed: { type: 'basal', deliveryType: 'scheduled' } }),
      ).toEqual(['suppressed.rate']);
      expect(
        invalidPaths(DatumSchema, { ...temp, suppressed: { ...scheduled, deliveryType: 'suspend' } }),
      ).toEqual(['suppressed.deliveryType']);
      // Annotations are sealed with the patient's key at the top of a datum only: not taken inside.
      expect(
        invalidPaths(DatumSchema, { ...temp, suppressed: { ...scheduled, annotations: [{ code: 'x' }] } }),
      ).toEqual(['suppressed.annotations']);
      expect(invalidPaths(DatumSchema, { ...temp, insulinFormulation: {} })).toEqual([
        'insulinFormulation.simple',
      ]);
      // The same rule for the insulin of what it replaced, however deep.
      const underTemp = {
        type: 'basal',
        deliveryType: 'temp',
        rate: 0.4,
        suppressed: { ...scheduled, insulinFormulation: {} },
      };
      expect(
        invalidPaths(DatumSchema, {
          ...temp,
          deliveryType: 'suspend',
          rate: undefined,
          suppressed: underTemp,
        }),
      ).toEqual(['suppressed.suppressed.insulinFormulation.simple']);
    });

    it('accepts an automated bolus with how it came about, and requires its amount', () => {
      const bolus = {
        ...pump,
        type: 'bolus',
        subType: 'automated',
        normal: 0.35,
        deliveryContext: 'algorithm',
        insulinFormulation: { simple: { actingType: 'rapid' } },
      };
      expect(DatumSchema.parse(bolus)).toEqual(bolus);
      expect(invalidPaths(DatumSchema, { ...bolus, normal: undefined })).toEqual(['normal']);
      expect(invalidPaths(DatumSchema, { ...bolus, deliveryContext: 'phone' })).toEqual(['deliveryContext']);
      expect(invalidPaths(DatumSchema, { ...bolus, subType: 'normal', insulinFormulation: {} })).toEqual([
        'insulinFormulation.simple',
      ]);
    });
  });

  describe("a closed loop's settings override, Tidepool's pumpSettingsOverride", () => {
    const override = {
      type: 'deviceEvent',
      subType: 'pumpSettingsOverride',
      time: cbg.time,
      deviceId: 'loop-1',
      uploadId: 'upload-1',
      overrideType: 'physicalActivity',
      method: 'manual',
      duration: 3_600_000,
      expectedDuration: 5_400_000,
      bgTarget: { low: 150, high: 170 },
      units: { bg: 'mg/dL' },
      basalRateScaleFactor: 0.5,
      carbRatioScaleFactor: 1.5,
      insulinSensitivityScaleFactor: 1.5,
    };

    it('accepts its target in its units, the factors it scales settings by, and a preset by name', () => {
      expect(DatumSchema.parse(override)).toEqual(override);
      const preset = { ...override, overrideType: 'preset', overridePreset: 'Running' };
      expect(DatumSchema.parse(preset)).toEqual(preset);
    });

    it('refuses a preset without its name, a target without its units, and values out of range', () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ overrideType: 'preset' }, 'overridePreset'],
        [{ overridePreset: 'Running' }, 'overridePreset'],
        [{ units: undefined }, 'units'],
        [{ bgTarget: undefined }, 'units'],
        [{ bgTarget: { low: 150, high: 1200 } }, 'bgTarget.high'],
        [{ units: { bg: 'mmol/L' }, bgTarget: { low: 150, high: 10 } }, 'bgTarget.low'],
        [{ basalRateScaleFactor: 20 }, 'basalRateScaleFactor'],
        [{ method: 'remote' }, 'method'],
      ];
      for (const [fields, path] of cases) {
        expect(invalidPaths(DatumSchema, { ...override, ...fields }), JSON.stringify(fields)).toEqual([path]);
      }
    });
  });

  describe("a pump's limits and maker in its settings", () => {
    const settings = {
      type: 'pumpSettings',
      time: cbg.time,
      deviceId: 'pump-1',
      uploadId: 'upload-1',
      activeSchedule: 'standard',
      basalSchedules: { standard: [{ start: 0, rate: 0.8 }] },
      units: { carb: 'grams', bg: 'mg/dL' },
      basal: { rateMaximum: { units: 'Units/hour', value: 3 }, temporary: { type: 'Units/hour' } },
      bolus: { amountMaximum: { units: 'Units', value: 10 }, extended: { enabled: false } },
      manufacturers: ['Tandem'],
      model: 't:slim X2',
      serialNumber: '123456',
    };

    it('accepts the highest basal rate, the largest bolus, how temp rates are set, the maker, model and serial number', () => {
      expect(DatumSchema.parse(settings)).toEqual(settings);
    });

    it('refuses a limit out of range or in other units, and a maker named twice', () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ basal: { rateMaximum: { units: 'Units/hour', value: 101 } } }, 'basal.rateMaximum.value'],
        [{ basal: { rateMaximum: { units: 'U/h', value: 3 } } }, 'basal.rateMaximum.units'],
        [{ bolus: { amountMaximum: { units: 'Units', value: 251 } } }, 'bolus.amountMaximum.value'],
        [{ bolus: { extended: {} } }, 'bolus.extended.enabled'],
        [{ manufacturers: ['Tandem', 'Tandem'] }, 'manufacturers'],
        [{ serialNumber: '' }, 'serialNumber'],
      ];
      for (const [fields, path] of cases) {
        expect(invalidPaths(DatumSchema, { ...settings, ...fields }), JSON.stringify(fields)).toEqual([path]);
      }
    });
  });

  describe("a closed loop's settings, as Loop sends its pumpSettings and cgmSettings", () => {
    // Loop's Tidepool service's own example, less the client's `id`.
    const settings = {
      type: 'pumpSettings',
      time: '2020-05-14T22:48:15.000Z',
      deviceId: 'Loop-phone',
      uploadId: 'upload-1',
      activeSchedule: 'Default',
      automatedDelivery: true,
      basal: { rateMaximum: { units: 'Units/hour', value: 3.5 } },
      basalSchedules: {
        Default: [
          { rate: 1, start: 0 },
          { rate: 1.5, start: 21_600_000 },
        ],
      },
      bgSafetyLimit: 75,
      bgTargetPhysicalActivity: { high: 160, low: 150 },
      bgTargetPreprandial: { high: 90, low: 80 },
      bgTargets: { Default: [{ high: 110, low: 100, start: 0 }] },
      bolus: { amountMaximum: { units: 'Units', value: 10 } },
      carbRatios: { Default: [{ amount: 15, start: 0 }] },
      display: { bloodGlucose: { units: 'mg/dL' } },
      firmwareVersion: 'Pump Firmware Version',
      hardwareVersion: 'Pump Hardware Version',
      insulinFormulation: { simple: { actingType: 'rapid', brand: 'Humalog' } },
      insulinModel: {
        actionDelay: 600,
        actionDuration: 21_600,
        actionPeakOffset: 10_800,
        modelType: 'rapidAdult',
      },
      insulinSensitivities: { Default: [{ amount: 45, start: 0 }] },
      manufacturers: ['Pump Manufacturer'],
      model: 'Pump Model',
      name: 'Pump Name',
      overridePresets: {
        Apple: {
          abbreviation: '🍎',
          basalRateScaleFactor: 2,
          bgTarget: { high: 140, low: 130 },
          carbRatioScaleFactor: 0.5,
          duration: 3600,
          insulinSensitivityScaleFactor: 0.5,
        },
      },
      serialNumber: 'Pump Local Identifier',
      softwareVersion: 'Pump Software Version',
      timezone: 'America/Los_Angeles',
      timezoneOffset: -420,
      units: { bg: 'mg/dL', carb: 'grams', insulin: 'Units' },
    };
    const cgm = {
      type: 'cgmSettings',
      time: settings.time,
      deviceId: 'Loop-phone',
      uploadId: 'upload-1',
      firmwareVersion: 'CGM Firmware Version',
      hardwareVersion: 'CGM Hardware Version',
      manufacturers: ['CGM Manufacturer'],
      model: 'CGM Model',
      name: 'CGM Name',
      serialNumber: 'CGM Local Identifier',
      softwareVersion: 'CGM Software Version',
      units: 'mg/dL',
    };

    it('accepts them as Loop sends them, and one basal schedule for a pump that has one', () => {
      expect(DatumSchema.parse(settings)).toEqual(settings);
      expect(DatumSchema.parse(cgm)).toEqual(cgm);
      const { basalSchedules: _named, ...single } = settings;
      const one = { ...single, basalSchedule: [{ rate: 0.9, start: 0 }] };
      expect(DatumSchema.parse(one)).toEqual(one);
    });

    it('accepts sleep schedules, an enabled one with its days and times, a disabled one bare', () => {
      const sleeping = {
        ...settings,
        sleepSchedules: [
          { enabled: true, days: ['monday', 'tuesday'], start: 79_200, end: 25_200 },
          { enabled: false },
        ],
      };
      expect(DatumSchema.parse(sleeping)).toEqual(sleeping);
    });

    it('accepts a bolus calculator with the insulin action it assumes, and bolus settings by name', () => {
      const calculating = {
        ...settings,
        bolus: {
          amountMaximum: { units: 'Units', value: 10 },
          calculator: { enabled: true, insulin: { duration: 4, units: 'hours' } },
        },
      };
      expect(DatumSchema.parse(calculating)).toEqual(calculating);
      const { bolus: _bolus, ...withoutBolus } = settings;
      const named = {
        ...withoutBolus,
        boluses: {
          Default: { calculator: { enabled: false } },
          Sport: { amountMaximum: { units: 'Units', value: 5 }, extended: { enabled: true } },
        },
      };
      expect(DatumSchema.parse(named)).toEqual(named);
    });

    it('refuses a calculator assuming insulin acts past 10 hours, without `enabled`, and both kinds of bolus settings', () => {
      const calculator = (value: unknown) => ({ ...settings, bolus: { calculator: value } });
      expect(
        invalidPaths(
          DatumSchema,
          calculator({ enabled: true, insulin: { duration: 601, units: 'minutes' } }),
        ),
      ).toEqual(['bolus.calculator.insulin.duration']);
      expect(
        invalidPaths(
          DatumSchema,
          calculator({ enabled: true, insulin: { duration: 36_000, units: 'seconds' } }),
        ),
      ).toEqual([]);
      expect(invalidPaths(DatumSchema, calculator({ insulin: { duration: 4, units: 'hours' } }))).toEqual([
        'bolus.calculator.enabled',
      ]);
      expect(
        invalidPaths(DatumSchema, calculator({ enabled: true, insulin: { duration: 4, units: 'days' } })),
      ).toEqual(['bolus.calculator.insulin.units']);
      const { bolus: _bolus, ...withoutBolus } = settings;
      const named = (calculatorSettings: unknown) => ({
        ...withoutBolus,
        boluses: { Night: { calculator: calculatorSettings } },
      });
      expect(
        invalidPaths(DatumSchema, named({ enabled: true, insulin: { duration: 11, units: 'hours' } })),
      ).toEqual(['boluses.Night.calculator.insulin.duration']);
      expect(invalidPaths(DatumSchema, { ...settings, boluses: { Night: {} } })).toEqual(['boluses']);
    });

    it('refuses an enabled sleep schedule without its days or times, a day twice, and more than 10', () => {
      const sleep = (...schedules: unknown[]) => ({ ...settings, sleepSchedules: schedules });
      expect(invalidPaths(DatumSchema, sleep({ enabled: true, start: 0 }))).toEqual([
        'sleepSchedules.0.days',
        'sleepSchedules.0.end',
      ]);
      expect(
        invalidPaths(DatumSchema, sleep({ enabled: false, days: ['sunday', 'sunday'], start: 0, end: 1 })),
      ).toEqual(['sleepSchedules.0.days']);
      expect(
        invalidPaths(DatumSchema, sleep({ enabled: true, days: ['someday'], start: 0, end: 1 })),
      ).toEqual(['sleepSchedules.0.days.0']);
      expect(
        invalidPaths(DatumSchema, sleep({ enabled: true, days: ['monday'], start: 0, end: 86_401 })),
      ).toEqual(['sleepSchedules.0.end']);
      expect(
        invalidPaths(DatumSchema, sleep(...Array.from({ length: 11 }, () => ({ enabled: false })))),
      ).toEqual(['sleepSchedules']);
    });

    it('refuses limits and targets out of range for their units, a half-said model and two kinds of schedule', () => {
      const inMmol = { ...settings, units: { bg: 'mmol/L', carb: 'grams' } };
      expect(invalidPaths(DatumSchema, inMmol)).toEqual([
        'bgSafetyLimit',
        'bgTargetPhysicalActivity.low',
        'bgTargetPhysicalActivity.high',
        'bgTargetPreprandial.low',
        'bgTargetPreprandial.high',
        'overridePresets.Apple.bgTarget.low',
        'overridePresets.Apple.bgTarget.high',
      ]);
      const model = (insulinModel: unknown) => ({ ...settings, insulinModel });
      expect(invalidPaths(DatumSchema, model({ modelType: 'other' }))).toEqual([
        'insulinModel.modelTypeOther',
      ]);
      expect(invalidPaths(DatumSchema, model({ modelType: 'walsh', modelTypeOther: 'x' }))).toEqual([
        'insulinModel.modelTypeOther',
      ]);
      expect(invalidPaths(DatumSchema, model({ actionDuration: 3600, actionPeakOffset: 3601 }))).toEqual([
        'insulinModel.actionPeakOffset',
      ]);
      expect(invalidPaths(DatumSchema, { ...settings, basalSchedule: [{ rate: 1, start: 0 }] })).toEqual([
        'basalSchedule',
      ]);
      const preset = (fields: unknown) => ({ ...settings, overridePresets: { Run: fields } });
      expect(invalidPaths(DatumSchema, preset({ basalRateScaleFactor: 11 }))).toEqual([
        'overridePresets.Run.basalRateScaleFactor',
      ]);
      expect(invalidPaths(DatumSchema, { ...settings, insulinFormulation: {} })).toEqual([
        'insulinFormulation.simple',
      ]);
      expect(invalidPaths(DatumSchema, { ...settings, sleepSchedules: {} })).toEqual(['sleepSchedules']);
      expect(invalidPaths(DatumSchema, { ...cgm, manufacturers: ['Dexcom', 'Dexcom'] })).toEqual([
        'manufacturers',
      ]);
    });
  });

  describe("the phone a closed loop runs on, Tidepool's controllerSettings", () => {
    // As Loop's Tidepool service writes it (its own test's datum, less the client's `id`).
    const phone = {
      type: 'controllerSettings',
      time: '2020-05-14T22:48:15.000Z',
      deviceId: 'Loop-phone',
      uploadId: 'upload-1',
      device: {
        manufacturers: ['Apple'],
        model: 'Controller Model Identifier',
        name: 'Controller Name',
        softwareVersion: 'Controller System Version',
      },
      notifications: {
        alert: false,
        alertStyle: 'banner',
        announcement: true,
        authorization: 'authorized',
        badge: true,
        criticalAlert: true,
        lockScreen: false,
        notificationCenter: false,
        scheduledDelivery: false,
        sound: true,
        timeSensitive: true,
      },
    };

    it('accepts it as Loop sends it, and either half alone', () => {
      expect(DatumSchema.parse(phone)).toEqual(phone);
      const { notifications: _notifications, ...deviceOnly } = phone;
      expect(DatumSchema.safeParse(deviceOnly).success).toBe(true);
      const { device: _device, ...notificationsOnly } = phone;
      expect(DatumSchema.safeParse(notificationsOnly).success).toBe(true);
    });

    it('refuses one that says nothing, a part that says nothing, and what it does not know', () => {
      const { device: _device, notifications: _notifications, ...nothing } = phone;
      expect(invalidPaths(DatumSchema, nothing)).toEqual(['device']);
      expect(invalidPaths(DatumSchema, { ...phone, device: {} })).toEqual(['device']);
      expect(invalidPaths(DatumSchema, { ...phone, notifications: {} })).toEqual(['notifications']);
      expect(invalidPaths(DatumSchema, { ...phone, notifications: { alertStyle: 'popup' } })).toEqual([
        'notifications.alertStyle',
      ]);
      expect(invalidPaths(DatumSchema, { ...phone, device: { ...phone.device, udi: 'x' } })).toEqual([
        'device.udi',
      ]);
    });
  });

  describe("an alert a closed loop raised, Tidepool's alert", () => {
    // As Tidepool's client library for Loop writes one.
    const alert = {
      type: 'alert',
      time: '2024-05-01T08:30:00.000Z',
      deviceId: 'Loop-phone',
      uploadId: 'upload-1',
      name: 'Alert One',
      priority: 'critical',
      trigger: 'delayed',
      triggerDelay: 900,
      sound: 'name',
      soundName: 'Beep Beep',
      issuedTime: '2024-05-01T08:30:00.000Z',
      acknowledgedTime: '2024-05-01T08:31:00.000Z',
      retractedTime: '2024-05-01T08:30:00.000Z',
    };

    it('accepts one as Loop sends it, and an immediate silent one with its parameters', () => {
      expect(DatumSchema.parse(alert)).toEqual(alert);
      const plain = {
        ...alert,
        trigger: 'immediate',
        triggerDelay: undefined,
        sound: 'silence',
        soundName: undefined,
        parameters: { glucose: 54 },
      };
      expect(DatumSchema.safeParse(plain).success).toBe(true);
    });

    it('refuses a delay or a sound name its kind does not have, and a time before it was raised', () => {
      expect(invalidPaths(DatumSchema, { ...alert, triggerDelay: undefined })).toEqual(['triggerDelay']);
      expect(invalidPaths(DatumSchema, { ...alert, trigger: 'immediate' })).toEqual(['triggerDelay']);
      expect(invalidPaths(DatumSchema, { ...alert, sound: 'vibrate' })).toEqual(['soundName']);
      expect(invalidPaths(DatumSchema, { ...alert, acknowledgedTime: '2024-05-01T08:29:59.000Z' })).toEqual([
        'acknowledgedTime',
      ]);
      expect(invalidPaths(DatumSchema, { ...alert, triggerDelay: 86_401 })).toEqual(['triggerDelay']);
      expect(invalidPaths(DatumSchema, { ...alert, issuedTime: undefined })).toEqual(['issuedTime']);
      expect(invalidPaths(DatumSchema, { ...alert, name: '' })).toEqual(['name']);
    });
  });

  describe("a device's time change, as Tidepool's uploader sends it now and as it did before", () => {
    const change = {
      type: 'deviceEvent',
      subType: 'timeChange',
      time: '2024-03-31T01:00:00Z',
      deviceId: 'pump-1',
      uploadId: 'upload-1',
    };

    it('accepts where the clock went, with where it was and how, or the older change', () => {
      const newer = {
        ...change,
        from: { time: '2024-03-31T02:00:00', timeZoneName: 'Europe/Paris' },
        to: { time: '2024-03-31T03:00:00', timeZoneName: 'Europe/Paris' },
        method: 'automatic',
      };
      expect(DatumSchema.parse(newer)).toEqual(newer);
      expect(DatumSchema.safeParse({ ...change, to: { timeZoneName: 'UTC' } }).success).toBe(true);
      const older = {
        ...change,
        change: { from: '2024-03-31T02:00:00', to: '2024-03-31T03:00:00', agent: 'manual' },
      };
      expect(DatumSchema.parse(older)).toEqual(older);
    });

    it('refuses both forms at once, a change without where it went, a side that says nothing', () => {
      const to = { time: '2024-03-31T03:00:00' };
      expect(invalidPaths(DatumSchema, { ...change, to, change: { from: 'a', to: 'b' } })).toEqual([
        'change',
      ]);
      expect(invalidPaths(DatumSchema, { ...change, from: to, method: 'manual' })).toEqual(['to']);
      expect(invalidPaths(DatumSchema, { ...change, to: {} })).toEqual(['to']);
      expect(invalidPaths(DatumSchema, { ...change, to: { time: '2024-03-31T03:00:00Z' } })).toEqual([
        'to.time',
      ]);
      expect(invalidPaths(DatumSchema, { ...change, to, method: 'ntp' })).toEqual(['method']);
    });
  });

  describe("water a person drank, Tidepool's water", () => {
    const water = {
      type: 'water',
      time: '2024-05-01T10:00:00.000Z',
      deviceId: 'phone',
      uploadId: 'upload-1',
      amount: { value: 500, units: 'milliliters' },
    };

    it('accepts an amount in each of its units, up to 10 gallons in it', () => {
      expect(DatumSchema.parse(water)).toEqual(water);
      for (const [units, value] of [
        ['gallons', 10],
        ['liters', 37.854118],
        ['milliliters', 37_854.118],
        ['ounces', 1280],
        ['ounces', 0],
      ] as const) {
        expect(DatumSchema.safeParse({ ...water, amount: { value, units } }).success, units).toBe(true);
      }
    });

    it('refuses more than 10 gallons in any unit, a negative amount, other units and no amount', () => {
      expect(invalidPaths(DatumSchema, { ...water, amount: { value: 10.001, units: 'gallons' } })).toEqual([
        'amount.value',
      ]);
      const ounces = DatumSchema.safeParse({ ...water, amount: { value: 1281, units: 'ounces' } });
      expect(ounces.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
        ['amount.value', 'A water datum holds at most 1280 ounces (10 gallons).'],
      ]);
      expect(invalidPaths(DatumSchema, { ...water, amount: { value: 37.9, units: 'liters' } })).toEqual([
        'amount.value',
      ]);
      expect(invalidPaths(DatumSchema, { ...water, amount: { value: -1, units: 'liters' } })).toEqual([
        'amount.value',
      ]);
      expect(invalidPaths(DatumSchema, { ...water, amount: { value: 1, units: 'cups' } })).toEqual([
        'amount.units',
      ]);
      expect(invalidPaths(DatumSchema, { ...water, amount: undefined })).toEqual(['amount']);
    });
  });

  it('accepts a blood ketone reading in mmol/L, 0–10, and refuses other units or values', () => {
    const ketone = { ...cbg, type: 'bloodKetone', units: 'mmol/L', value: 0.6 };
    expect(DatumSchema.safeParse(ketone).success).toBe(true);
    expect(DatumSchema.safeParse({ ...ketone, units: 'mmol/l', value: 10 }).success).toBe(true);
    expect(invalidPaths(DatumSchema, { ...ketone, value: 10.1 })).toEqual(['value']);
    expect(invalidPaths(DatumSchema, { ...ketone, value: -0.1 })).toEqual(['value']);
    expect(invalidPaths(DatumSchema, { ...ketone, units: 'mg/dL' })).toEqual(['units']);
    const stored = { ...ketone, id: 'datum-1', createdTime: '2024-05-01T08:31:00Z' };
    expect(StoredDatumSchema.parse(stored)).toEqual(stored);
    expect(StoredDatumSchema.safeParse({ ...stored, units: 'mmol/l' }).success).toBe(false);
  });

  describe('physical activity and reported states', () => {
    const base = { time: cbg.time, deviceId: 'phone-1', uploadId: 'upload-1' };
    const activity = {
      ...base,
      type: 'physicalActivity',
      activityType: 'cycling',
      reportedIntensity: 'medium',
      duration: { units: 'minutes', value: 45 },
    };
    const reported = { ...base, type: 'reportedState', states: [{ state: 'illness', severity: 4 }] };

    it('accepts exercise and states as Tidepool clients send them', () => {
      expect(DatumSchema.parse(activity)).toEqual(activity);
      const other = {
        ...activity,
        activityType: 'other',
        activityTypeOther: 'Parkour',
        name: 'Evening',
        aggregate: false,
      };
      expect(DatumSchema.parse(other)).toEqual(other);
      expect(DatumSchema.parse(reported)).toEqual(reported);
      const several = {
        ...reported,
        states: [{ state: 'stress' }, { state: 'other', stateOther: 'Jet lag' }],
      };
      expect(DatumSchema.parse(several)).toEqual(several);
    });

    it('refuses an activity longer than a week, in other units, or of a kind it does not know', () => {
      expect(DatumSchema.safeParse({ ...activity, duration: { units: 'hours', value: 168 } }).success).toBe(
        true,
      );
      expect(invalidPaths(DatumSchema, { ...activity, duration: { units: 'hours', value: 168.5 } })).toEqual([
        'duration.value',
      ]);
      expect(
        invalidPaths(DatumSchema, { ...activity, duration: { units: 'seconds', value: 604_801 } }),
      ).toEqual(['duration.value']);
      expect(invalidPaths(DatumSchema, { ...activity, duration: { units: 'days', value: 1 } })).toEqual([
        'duration.units',
      ]);
      expect(invalidPaths(DatumSchema, { ...activity, activityType: 'napping' })).toEqual(['activityType']);
      expect(invalidPaths(DatumSchema, { ...activity, reportedIntensity: 'extreme' })).toEqual([
        'reportedIntensity',
      ]);
      expect(invalidPaths(DatumSchema, { ...activity, activityTypeOther: 'Parkour' })).toEqual([
        'activityTypeOther',
      ]);
      expect(invalidPaths(DatumSchema, { ...activity, distance: { units: 'meters', value: 5 } })).toEqual([
        'distance',
      ]);
    });

    it('refuses states it does not know, an `other` without what it was, and a severity out of 0–10', () => {
      const states = (list: unknown[]) => ({ ...reported, states: list });
      expect(invalidPaths(DatumSchema, states([{ state: 'happy' }]))).toEqual(['states.0.state']);
      expect(invalidPaths(DatumSchema, states([{ state: 'stress' }, { state: 'other' }]))).toEqual([
        'states.1.stateOther',
      ]);
      expect(invalidPaths(DatumSchema, states([{ state: 'stress', stateOther: 'work' }]))).toEqual([
        'states.0.stateOther',
      ]);
      expect(invalidPaths(DatumSchema, states([{ state: 'illness', severity: 11 }]))).toEqual([
        'states.0.severity',
      ]);
      expect(invalidPaths(DatumSchema, states([]))).toEqual(['states']);
    });
  });

  describe('an insulin injection', () => {
    const injection = {
      type: 'insulin',
      time: cbg.time,
      deviceId: 'pen-1',
      uploadId: 'upload-1',
      dose: { total: 18, units: 'Units' },
      formulation: { simple: { actingType: 'long', brand: 'Tresiba' } },
    };

    it('accepts a dose and what was injected, as Tidepool clients send them', () => {
      expect(DatumSchema.safeParse(injection).success).toBe(true);
      const full = {
        ...injection,
        dose: { total: 6, units: 'Units', food: 4, correction: -1, active: 1.5 },
        formulation: {
          name: 'Humalog U-200',
          simple: { actingType: 'rapid', brand: 'Humalog', concentration: { units: 'Units/mL', value: 200 } },
        },
        site: 'left thigh',
      };
      expect(DatumSchema.parse(full)).toEqual(full);
      expect(DatumSchema.safeParse({ ...injection, formulation: { name: 'NPH' } }).success).toBe(true);
    });

    it('refuses a dose out of range, in other units or without its total, naming the field', () => {
      expect(invalidPaths(DatumSchema, { ...injection, dose: { total: 251, units: 'Units' } })).toEqual([
        'dose.total',
      ]);
      expect(invalidPaths(DatumSchema, { ...injection, dose: { total: -1, units: 'Units' } })).toEqual([
        'dose.total',
      ]);
      expect(invalidPaths(DatumSchema, { ...injection, dose: { total: 2, units: 'mL' } })).toEqual([
        'dose.units',
      ]);
      expect(invalidPaths(DatumSchema, { ...injection, dose: { units: 'Units' } })).toEqual(['dose.total']);
      expect(
        invalidPaths(DatumSchema, { ...injection, dose: { total: 2, units: 'Units', correction: -251 } }),
      ).toEqual(['dose.correction']);
    });

    it('refuses an acting type it does not know, a formulation that names nothing and mixes', () => {
      const kind = (simple: unknown) => ({ ...injection, formulation: { simple } });
      expect(invalidPaths(DatumSchema, kind({ actingType: 'ultra' }))).toEqual([
        'formulation.simple.actingType',
      ]);
      expect(invalidPaths(DatumSchema, kind({ brand: 'Lantus' }))).toEqual(['formulation.simple.actingType']);
      expect(invalidPaths(DatumSchema, { ...injection, formulation: {} })).toEqual(['formulation.simple']);
      const mix = { compounds: [{ amount: 70, formulation: { simple: { actingType: 'intermediate' } } }] };
      expect(invalidPaths(DatumSchema, { ...injection, formulation: mix })).toEqual([
        'formulation.compounds',
        'formulation.simple',
      ]);
      expect(invalidPaths(DatumSchema, { ...injection, site: '' })).toEqual(['site']);
      expect(invalidPaths(DatumSchema, { ...injection, site: 'x'.repeat(101) })).toEqual(['site']);
    });

    it('is answered with its id and createdTime, and is a type a query can ask for', () => {
      const stored = { ...injection, id: 'datum-1', createdTime: '2024-05-01T08:31:00Z' };
      expect(StoredDatumSchema.parse(stored)).toEqual(stored);
      expect(DATUM_TYPES).toContain('insulin');
    });
  });

  describe('food, as Tidepool clients and Loop send it', () => {
    // A Loop carb entry as its Tidepool service writes it: net carbs and how long they absorb.
    const loopCarbs = {
      type: 'food',
      time: cbg.time,
      deviceId: 'Loop-phone',
      uploadId: 'upload-1',
      name: '🍕',
      nutrition: { carbohydrate: { net: 45, units: 'grams' }, estimatedAbsorptionDuration: 18_000 },
      origin: { id: 'B3D1:food', name: 'com.loopkit.Loop', type: 'application' },
    };

    it('accepts a carb entry with its absorption time, and a food with every nutrient, meal and amount', () => {
      expect(DatumSchema.parse(loopCarbs)).toEqual(loopCarbs);
      const full = {
        ...loopCarbs,
        brand: 'Acme',
        code: '0123456789012',
        meal: 'other',
        mealOther: 'Second breakfast',
        amount: { value: 2, units: 'slices' },
        nutrition: {
          carbohydrate: { net: 40, total: 46, sugars: 6, dietaryFiber: 6, units: 'grams' },
          estimatedAbsorptionDuration: 86_400,
          energy: { value: 560, units: 'kilocalories' },
          fat: { total: 22, units: 'grams' },
          protein: { total: 24, units: 'grams' },
        },
      };
      expect(DatumSchema.parse(full)).toEqual(full);
      const proteinOnly = { ...loopCarbs, nutrition: { protein: { total: 30, units: 'grams' } } };
      expect(DatumSchema.parse(proteinOnly)).toEqual(proteinOnly);
      expect(DatumSchema.safeParse({ ...loopCarbs, nutrition: undefined, meal: 'snack' }).success).toBe(true);
    });

    it('refuses nutrients out of range or in other units, and a meal without its rule, naming the field', () => {
      const nutrition = (value: unknown) => ({ ...loopCarbs, nutrition: value });
      expect(
        invalidPaths(
          DatumSchema,
          nutrition({ carbohydrate: { net: 20, units: 'grams' }, estimatedAbsorptionDuration: 86_401 }),
        ),
      ).toEqual(['nutrition.estimatedAbsorptionDuration']);
      expect(invalidPaths(DatumSchema, nutrition({ carbohydrate: { net: 1001, units: 'grams' } }))).toEqual([
        'nutrition.carbohydrate.net',
      ]);
      expect(invalidPaths(DatumSchema, nutrition({ carbohydrate: { total: 20, units: 'grams' } }))).toEqual([
        'nutrition.carbohydrate.net',
      ]);
      expect(invalidPaths(DatumSchema, nutrition({ fat: { total: 10, units: 'ounces' } }))).toEqual([
        'nutrition.fat.units',
      ]);
      expect(
        invalidPaths(DatumSchema, nutrition({ energy: { value: 10_001, units: 'kilocalories' } })),
      ).toEqual(['nutrition.energy.value']);
      expect(
        DatumSchema.safeParse(nutrition({ energy: { value: 41_858, units: 'kilojoules' } })).success,
      ).toBe(true);
      expect(
        invalidPaths(DatumSchema, nutrition({ energy: { value: 41_859, units: 'kilojoules' } })),
      ).toEqual(['nutrition.energy.value']);
      expect(invalidPaths(DatumSchema, { ...loopCarbs, meal: 'other' })).toEqual(['mealOther']);
      expect(invalidPaths(DatumSchema, { ...loopCarbs, meal: 'lunch', mealOther: 'Brunch' })).toEqual([
        'mealOther',
      ]);
      expect(invalidPaths(DatumSchema, { ...loopCarbs, meal: 'elevenses' })).toEqual(['meal']);
      expect(invalidPaths(DatumSchema, { ...loopCarbs, ingredients: [{ name: 'flour' }] })).toEqual([
        'ingredients',
      ]);
    });
  });

  describe("a closed loop's dosing decision, Tidepool's dosingDecision", () => {
    // As Loop's Tidepool service writes one (its own test's datum, less the client's `id`).
    const decision = {
      type: 'dosingDecision',
      time: '2020-05-14T22:38:14.000Z',
      deviceId: 'Loop-phone',
      uploadId: 'upload-1',
      timezone: 'America/Los_Angeles',
      timezoneOffset: -420,
      reason: 'loop',
      associations: [{ type: 'datum', id: '5069fefe9309fafa60a7ccafffedd5b8', reason: 'food' }],
      originalFood: {
        time: '2020-01-02T03:00:23.000Z',
        nutrition: { carbohydrate: { net: 19, units: 'grams' }, estimatedAbsorptionDuration: 18_000 },
      },
      food: {
        time: '2020-01-02T03:00:23.000Z',
        nutrition: { carbohydrate: { net: 29, units: 'grams' }, estimatedAbsorptionDuration: 18_000 },
      },
      smbg: { time: '2020-05-14T22:09:00.000Z', value: 400 },
      carbsOnBoard: { time: '2020-05-14T22:48:41.000Z', amount: 45.5 },
      insulinOnBoard: { time: '2020-05-14T22:38:26.000Z', amount: 1.5 },
      bgTargetSchedule: [
        { start: 0, low: 100, high: 110 },
        { start: 25_200_000, low: 90, high: 100 },
        { start: 75_600_000, low: 110, high: 120 },
      ],
      bgHistorical: [
        { time: '2020-05-14T22:29:15.000Z', value: 117.3 },
        { time: '2020-05-14T22:33:15.000Z', value: 119.5 },
      ],
      bgForecast: [
        { time: '2020-05-14T22:43:15.000Z', value: 123 },
        { time: '2020-05-14T22:48:15.000Z', value: -20 },
      ],
      recommendedBasal: { rate: 0.75, duration: 1_800_000 },
      recommendedBolus: { amount: 1.25 },
      requestedBolus: { amount: 0.8 },
      warnings: [{ id: 'one' }, { id: 'two', metadata: { size: 'small' } }],
      errors: [{ id: 'alpha' }],
      scheduleTimeZoneOffset: -420,
      units: { bg: 'mg/dL', carb: 'grams', insulin: 'Units' },
      origin: { id: '2A67A303:dosingDecision', name: 'com.loopkit.Loop', type: 'application' },
      payload: { syncIdentifier: '2A67A303-5203-4CB8-8263-79498265368E' },
    };

    it('accepts one as Loop sends it, with a forecast that leaves the range a reading has', () => {
      expect(DatumSchema.parse(decision)).toEqual(decision);
      const least = {
        type: 'dosingDecision',
        time: cbg.time,
        deviceId: 'Loop-phone',
        uploadId: 'upload-1',
        reason: 'loop',
        units: { bg: 'mmol/L', carb: 'grams' },
      };
      expect(DatumSchema.parse(least)).toEqual(least);
      const split = { ...decision, requestedBolus: { normal: 1, extended: 2, duration: 3_600_000 } };
      expect(DatumSchema.safeParse(split).success).toBe(true);
    });

    it('refuses readings and targets out of range for its units, naming each', () => {
      const inMmol = { ...decision, units: { bg: 'mmol/L', carb: 'grams' } };
      expect(invalidPaths(DatumSchema, inMmol)).toEqual([
        'smbg.value',
        'bgHistorical.0.value',
        'bgHistorical.1.value',
        'bgTargetSchedule.0.low',
        'bgTargetSchedule.0.high',
        'bgTargetSchedule.1.low',
        'bgTargetSchedule.1.high',
        'bgTargetSchedule.2.low',
        'bgTargetSchedule.2.high',
      ]);
      expect(invalidPaths(DatumSchema, { ...decision, smbg: { value: 1001 } })).toEqual(['smbg.value']);
    });

    it('refuses a bolus half-said, a missing reason or units, and what it does not know', () => {
      const bolus = (requestedBolus: unknown) => ({ ...decision, requestedBolus });
      expect(invalidPaths(DatumSchema, bolus({ amount: 1, normal: 1 }))).toEqual(['requestedBolus.normal']);
      expect(invalidPaths(DatumSchema, bolus({ extended: 1 }))).toEqual(['requestedBolus.duration']);
      expect(invalidPaths(DatumSchema, bolus({ normal: 1, duration: 60_000 }))).toEqual([
        'requestedBolus.duration',
      ]);
      expect(invalidPaths(DatumSchema, bolus({}))).toEqual(['requestedBolus.amount']);
      expect(invalidPaths(DatumSchema, bolus({ amount: 101 }))).toEqual(['requestedBolus.amount']);
      const { reason: _reason, units: _units, ...withoutBoth } = decision;
      expect(invalidPaths(DatumSchema, withoutBoth)).toEqual(['reason', 'units']);
      expect(invalidPaths(DatumSchema, { ...decision, reason: '' })).toEqual(['reason']);
      expect(
        invalidPaths(DatumSchema, { ...decision, units: { bg: 'mg/dL', carb: 'grams', insulin: 'mL' } }),
      ).toEqual(['units.insulin']);
      expect(invalidPaths(DatumSchema, { ...decision, insulinOnBoard: { amount: 1001 } })).toEqual([
        'insulinOnBoard.amount',
      ]);
      expect(
        invalidPaths(DatumSchema, { ...decision, recommendedBasal: { rate: 1, duration: 86_400_001 } }),
      ).toEqual(['recommendedBasal.duration']);
      expect(invalidPaths(DatumSchema, { ...decision, warnings: [] })).toEqual(['warnings']);
      expect(invalidPaths(DatumSchema, { ...decision, warnings: [{ code: 'x' }] })).toEqual([
        'warnings.0.id',
        'warnings.0.code',
      ]);
      expect(invalidPaths(DatumSchema, { ...decision, bgForecast: [{ value: 'high' }] })).toEqual([
        'bgForecast.0.value',
      ]);
      expect(invalidPaths(DatumSchema, { ...decision, pumpManagerStatus: {} })).toEqual([
        'pumpManagerStatus',
      ]);
    });

    it('is answered with its glucose in mmol/L', () => {
      const stored = {
        ...decision,
        units: { bg: 'mmol/L', carb: 'grams', insulin: 'Units' },
        smbg: { value: 22.2 },
        bgHistorical: [{ value: 6.5 }],
        id: 'datum-1',
        createdTime: '2024-05-01T08:31:00Z',
      };
      expect(StoredDatumSchema.parse(stored)).toEqual(stored);
      expect(StoredDatumSchema.safeParse({ ...stored, units: decision.units }).success).toBe(false);
    });
  });

  describe("what a closed loop reports of its phone and pump, Tidepool's controllerStatus and pumpStatus", () => {
    // As Loop's Tidepool service writes them (its own test's data, less the client's `id`).
    const base = { time: '2020-05-14T22:38:14.000Z', deviceId: 'Loop-phone', uploadId: 'upload-1' };
    const controller = {
      ...base,
      type: 'controllerStatus',
      battery: { remaining: 0.5, state: 'charging', units: 'percent' },
    };
    const pump = {
      ...base,
      type: 'pumpStatus',
      basalDelivery: { state: 'initiatingTemporary' },
      battery: { remaining: 0.75, units: 'percent' },
      bolusDelivery: { state: 'none' },
      reservoir: { remaining: 113.3, time: '2020-05-14T22:07:19.000Z', units: 'Units' },
    };

    it('accepts them as Loop sends them, and each delivery state with what it has', () => {
      expect(DatumSchema.parse(controller)).toEqual(controller);
      expect(DatumSchema.parse(pump)).toEqual(pump);
      const delivering = {
        ...pump,
        basalDelivery: {
          state: 'temporary',
          dose: {
            startTime: '2020-05-14T22:30:00.000Z',
            endTime: '2020-05-14T23:00:00.000Z',
            rate: 1.5,
            amountDelivered: 0.2,
          },
        },
        bolusDelivery: { state: 'delivering', dose: { amount: 2, amountDelivered: 0.5 } },
        deliveryIndeterminant: false,
      };
      expect(DatumSchema.parse(delivering)).toEqual(delivering);
      const suspended = { ...pump, basalDelivery: { state: 'suspended', time: '2020-05-14T22:00:00.000Z' } };
      expect(DatumSchema.safeParse(suspended).success).toBe(true);
      expect(DatumSchema.safeParse({ ...controller, battery: { state: 'full' } }).success).toBe(true);
      const described = {
        ...pump,
        device: {
          id: 'Omnipod-Dash-0x1F2E3D',
          name: 'Omnipod DASH',
          manufacturer: 'Insulet',
          model: 'Dash',
          firmwareVersion: '4.10.0',
          softwareVersion: '3.1',
        },
      };
      expect(DatumSchema.parse(described)).toEqual(described);
    });

    it('refuses a pump device with an empty or overlong text, or a field Tidepool does not take', () => {
      expect(invalidPaths(DatumSchema, { ...pump, device: { name: '' } })).toEqual(['device.name']);
      expect(invalidPaths(DatumSchema, { ...pump, device: { firmwareVersion: 'v'.repeat(101) } })).toEqual([
        'device.firmwareVersion',
      ]);
      expect(invalidPaths(DatumSchema, { ...pump, device: { id: 'p'.repeat(1001) } })).toEqual(['device.id']);
      expect(invalidPaths(DatumSchema, { ...pump, device: { serialNumber: '123' } })).toEqual([
        'device.serialNumber',
      ]);
    });

    it('refuses a battery that says nothing or out of 0–1, and a delivery without what its state has', () => {
      expect(invalidPaths(DatumSchema, { ...controller, battery: {} })).toEqual(['battery.state']);
      expect(invalidPaths(DatumSchema, { ...controller, battery: { remaining: 0.5 } })).toEqual([
        'battery.units',
      ]);
      expect(
        invalidPaths(DatumSchema, { ...controller, battery: { remaining: 50, units: 'percent' } }),
      ).toEqual(['battery.remaining']);
      const { battery: _battery, ...noBattery } = controller;
      expect(invalidPaths(DatumSchema, noBattery)).toEqual(['battery']);
      const basal = (basalDelivery: unknown) => ({ ...pump, basalDelivery });
      expect(invalidPaths(DatumSchema, basal({ state: 'scheduled' }))).toEqual(['basalDelivery.time']);
      expect(invalidPaths(DatumSchema, basal({ state: 'temporary' }))).toEqual(['basalDelivery.dose']);
      expect(
        invalidPaths(DatumSchema, basal({ state: 'scheduled', time: base.time, dose: { rate: 1 } })),
      ).toEqual(['basalDelivery.dose']);
      expect(
        invalidPaths(
          DatumSchema,
          basal({
            state: 'temporary',
            dose: { rate: 1, startTime: base.time, endTime: '2020-05-14T22:00:00.000Z' },
          }),
        ),
      ).toEqual(['basalDelivery.dose.endTime']);
      expect(invalidPaths(DatumSchema, basal({ state: 'paused' }))).toEqual(['basalDelivery.state']);
      expect(invalidPaths(DatumSchema, { ...pump, bolusDelivery: { state: 'delivering' } })).toEqual([
        'bolusDelivery.dose',
      ]);
      expect(
        invalidPaths(DatumSchema, { ...pump, reservoir: { remaining: 10_001, units: 'Units' } }),
      ).toEqual(['reservoir.remaining']);
    });
  });

  it('accepts an upload record with the readings that name it', () => {
    const upload = {
      type: 'upload',
      time: '2024-05-01T08:35:00Z',
      deviceId: 'DexG6_ABC123',
      uploadId: 'upload-1',
      deviceManufacturers: ['Dexcom'],
      deviceModel: 'G6',
      deviceSerialNumber: 'ABC123',
      deviceTags: ['cgm'],
      timezone: 'Europe/Paris',
      computerTime: '2024-05-01T10:35:00',
      version: '2.50.0',
      client: { name: 'org.tidepool.uploader', version: '2.50.0' },
    };
    const parsed = UploadBodySchema.safeParse([upload, cbg]);
    expect(parsed.success).toBe(true);
    expect(invalidPaths(UploadBodySchema, [{ ...upload, timezone: 'Paris time' }])).toEqual(['0.timezone']);
  });

  it("accepts a phone app's continuous upload record as Tidepool's platform keeps it, and refuses its parts malformed", () => {
    const loop = {
      type: 'upload',
      time: '2024-05-01T08:35:00Z',
      deviceId: 'Loop-phone',
      uploadId: 'upload-loop',
      client: { name: 'org.tidepool.Loop', version: '3.4.0', private: { build: 57 } },
      dataSetType: 'continuous',
      deduplicator: { name: 'org.tidepool.deduplicator.dataset.delete.origin', version: '1.0.0' },
      deviceTags: ['bgm', 'cgm', 'insulin-pump'],
    };
    expect(DatumSchema.parse(loop)).toEqual(loop);
    expect(invalidPaths(DatumSchema, { ...loop, deduplicator: { version: '1' } })).toEqual([
      'deduplicator.name',
    ]);
    expect(invalidPaths(DatumSchema, { ...loop, deviceManufacturers: [] })).toEqual(['deviceManufacturers']);
    expect(invalidPaths(DatumSchema, { ...loop, dataSetType: 'stream' })).toEqual(['dataSetType']);
  });
});

describe('UploadBodySchema', () => {
  it('names each invalid datum of an array by its index', () => {
    const body = [cbg, cbg, cbg, { ...cbg, units: 'mmol/L', value: 80 }, { ...cbg, extra: true }];
    expect(invalidPaths(UploadBodySchema, body)).toEqual(['3.value', '4.extra']);
  });

  it('names the field of a single invalid datum without an index', () => {
    expect(invalidPaths(UploadBodySchema, { ...cbg, value: 'high' })).toEqual(['value']);
  });

  it('refuses an empty array', () => {
    expect(UploadBodySchema.safeParse([]).success).toBe(false);
  });

  it('types a parsed body as one datum or an array of data', () => {
    const parsed = UploadBodySchema.parse(cbg);
    const data: Datum[] = Array.isArray(parsed) ? parsed : [parsed];
    expect(data[0]?.type).toBe('cbg');
  });
});

describe('StoredDatumSchema', () => {
  it('accepts a stored reading in mmol/L with its id and createdTime', () => {
    const stored = {
      ...cbg,
      units: 'mmol/L',
      value: 6.2,
      id: 'datum-1',
      createdTime: '2024-05-01T08:31:00Z',
    };
    expect(StoredDatumSchema.safeParse(stored).success).toBe(true);
  });

  it('refuses a stored reading that still says mg/dL', () => {
    const stored = { ...cbg, id: 'datum-1', createdTime: '2024-05-01T08:31:00Z' };
    expect(StoredDatumSchema.safeParse(stored).success).toBe(false);
  });
});
