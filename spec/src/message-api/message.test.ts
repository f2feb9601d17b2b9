import { describe, expect, it } from 'vitest';
import {
  EditMessageBodySchema,
  EmptyMessageListSchema,
  NewMessageBodySchema,
  messageApiContract,
} from '@tidepool/spec';

describe('message bodies', () => {
  it('accepts a Tidepool note with the fields old clients also send', () => {
    const body = {
      message: {
        guid: 'g-1',
        timestamp: '2024-05-01T08:30:00.000Z',
        messagetext: 'Low after breakfast.',
        userid: 'a1b2c3d4e5',
        groupid: 'f6e5d4c3b2',
      },
    };
    expect(NewMessageBodySchema.safeParse(body).success).toBe(true);
  });

  it('refuses an empty note and an edit that changes nothing', () => {
    expect(
      NewMessageBodySchema.safeParse({ message: { timestamp: '2024-05-01T08:30:00Z', messagetext: '' } })
        .success,
    ).toBe(false);
    expect(EditMessageBodySchema.safeParse({ message: {} }).success).toBe(false);
  });

  it('answers "no messages" as 404 with an empty list, as Tidepool does', () => {
    expect(messageApiContract.getNotes.responses[404]).toBe(EmptyMessageListSchema);
    expect(EmptyMessageListSchema.safeParse({ messages: [] }).success).toBe(true);
  });
});
