import { describe, expect, it } from 'vitest';
import {
  OfferedPermissionsSchema,
  PermissionsByUserSchema,
  PermissionsSchema,
  UserIdSchema,
} from '@tidepool/spec';

describe('permissions', () => {
  it('accepts Tidepool permissions, each an empty object', () => {
    expect(PermissionsSchema.parse({ view: {}, note: {} })).toEqual({ view: {}, note: {} });
    expect(PermissionsSchema.parse({})).toEqual({});
  });

  it('refuses an unknown permission name and a non-empty grant', () => {
    expect(PermissionsSchema.safeParse({ veiw: {} }).success).toBe(false);
    expect(PermissionsSchema.safeParse({ view: { until: 'tomorrow' } }).success).toBe(false);
  });

  it('keys permissions by user id only', () => {
    expect(PermissionsByUserSchema.safeParse({ a1b2c3d4e5: { root: {} } }).success).toBe(true);
    expect(PermissionsByUserSchema.safeParse({ 'not-a-user': { root: {} } }).success).toBe(false);
  });

  it('never lets an invitation offer root or nothing', () => {
    expect(OfferedPermissionsSchema.safeParse({ root: {} }).success).toBe(false);
    expect(OfferedPermissionsSchema.safeParse({}).success).toBe(false);
    expect(OfferedPermissionsSchema.safeParse({ view: {} }).success).toBe(true);
  });
});

describe('UserIdSchema', () => {
  it('accepts 10 to 64 lowercase hex characters', () => {
    expect(UserIdSchema.safeParse('0123456789').success).toBe(true);
    expect(UserIdSchema.safeParse('a'.repeat(64)).success).toBe(true);
  });

  it('refuses uppercase, short, long and non-hex ids', () => {
    for (const id of ['ABCDEF0123', '012345678', 'a'.repeat(65), 'status', '../etc/pw0']) {
      expect(UserIdSchema.safeParse(id).success, id).toBe(false);
    }
  });
});
