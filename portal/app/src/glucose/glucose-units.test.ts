import { describe, expect, it } from 'vitest';
import { formatGlucose, fromMillimolesPerLiter, parseDisplayUnits, targetRange } from './glucose-units.js';

describe('glucose units', () => {
  it('converts stored mmol/L to mg/dL with Tidepool’s factor, and leaves mmol/L as is', () => {
    expect(fromMillimolesPerLiter(10, 'mg/dL')).toBeCloseTo(180.1559, 6);
    expect(fromMillimolesPerLiter(5.5, 'mmol/L')).toBe(5.5);
  });

  it('writes whole mg/dL and tenths of mmol/L, with or without the unit', () => {
    expect(formatGlucose(112.4, 'mg/dL')).toBe('112 mg/dL');
    expect(formatGlucose(6.24, 'mmol/L')).toBe('6.2 mmol/L');
    expect(formatGlucose(6.25, 'mmol/L', false)).toBe('6.3');
  });

  it('gives the consensus target range in each unit: 70–180 mg/dL, 3.9–10.0 mmol/L', () => {
    expect(targetRange('mg/dL')).toEqual({ low: 70, high: 180 });
    expect(targetRange('mmol/L')).toEqual({ low: 3.9, high: 10 });
  });

  it('reads either spelling of a stored unit and falls back to mg/dL for anything else', () => {
    expect(parseDisplayUnits('mmol/l')).toBe('mmol/L');
    expect(parseDisplayUnits('mg/dl')).toBe('mg/dL');
    expect(parseDisplayUnits(undefined)).toBe('mg/dL');
    expect(parseDisplayUnits({ bg: 'mmol/L' })).toBe('mg/dL');
  });
});
