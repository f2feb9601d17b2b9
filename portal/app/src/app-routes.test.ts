import { describe, expect, it } from 'vitest';
import { APP_PATHS, findRoute } from './app-routes.js';

describe('the app routes', () => {
  it('keep the paths of the links user-api mails', () => {
    expect(APP_PATHS).toEqual(expect.arrayContaining(['/reset-password', '/verify-email']));
  });

  it('find a page by its path, ignoring a trailing slash', () => {
    expect(findRoute('/care-team/')).toMatchObject({ page: 'care-team', audience: 'signed-in' });
    expect(findRoute('/')).toMatchObject({ page: 'welcome', audience: 'anyone' });
    expect(findRoute('/docs')).toBeUndefined();
  });
});
