import { describe, expect, it } from 'vitest';
import { parseBasicCredentials } from './basic-credentials.js';

const basic = (text: string) => ({ authorization: `Basic ${Buffer.from(text).toString('base64')}` });

describe('parseBasicCredentials', () => {
  it('splits at the first colon, so passwords may contain colons', () => {
    expect(parseBasicCredentials(basic('ann@example.org:pa:ss'))).toEqual({
      identifier: 'ann@example.org',
      password: 'pa:ss',
    });
  });

  it('reads UTF-8 credentials and a lower-case scheme', () => {
    const encoded = Buffer.from('zoë:pässword').toString('base64');
    expect(parseBasicCredentials({ authorization: `basic ${encoded}` })).toEqual({
      identifier: 'zoë',
      password: 'pässword',
    });
  });

  it('answers undefined for a missing, malformed or other-scheme header', () => {
    for (const headers of [
      {},
      basic('no-colon'),
      basic(':password-only'),
      { authorization: 'Bearer abc' },
      { authorization: 'Basic !!!' },
    ]) {
      expect(parseBasicCredentials(headers)).toBeUndefined();
    }
  });
});
