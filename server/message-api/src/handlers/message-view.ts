/** Stored messages as clients see them: the Tidepool shape with the author's name from metadata (DESIGN.md §9). */
import type { Message } from '@tidepool/spec';
import type { ProfileNameSource } from '@tidepool/service-runtime';
import type { StoredMessage } from '../store/message-store.js';

/**
 * The messages in the Tidepool shape. Names are read now, not stored: a name change shows at
 * once, and an erased author (no profile any more) shows no name.
 *
 * @example const [message] = await viewMessages([stored], groupid, profileNames);
 */
export async function viewMessages(
  stored: readonly StoredMessage[],
  groupid: string,
  profileNames: ProfileNameSource,
): Promise<Message[]> {
  const authors = [...new Set(stored.map((message) => message.content.userid))];
  const names = new Map(
    await Promise.all(
      authors.map(async (userid) => [userid, (await profileNames.fullNameOf(userid)) ?? ''] as const),
    ),
  );
  return stored.map((message) => ({
    id: message.content.id,
    guid: message.content.guid,
    parentmessage: message.content.parentmessage,
    userid: message.content.userid,
    groupid,
    timestamp: message.timestamp.toISOString(),
    createdtime: message.createdTime.toISOString(),
    ...(message.modifiedTime === null ? {} : { modifiedtime: message.modifiedTime.toISOString() }),
    messagetext: message.content.messagetext,
    user: { fullName: names.get(message.content.userid) ?? '' },
  }));
}
