/** Test fixtures of message-api (`@tidepool/message-api/testing`): a real message-api over a real database. */
export {
  startMessageApiFixture,
  openMessagesTestDatabase,
  migrationsFolder,
  type MessageApiFixture,
  type MessageApiFixtureOptions,
  type TestUser,
} from './message-api-fixture.js';
export { send, noteBody, writeNote } from './message-api-requests.js';
export { messagesOf, messageOf, expectNoMessages, expectProblem } from './message-answers.js';
