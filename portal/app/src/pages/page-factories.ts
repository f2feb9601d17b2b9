/** Every page of the app by name (app-routes.ts gives their paths). */
import type { PageFactory } from '../app-context.js';
import type { PageName } from '../app-routes.js';
import { careTeamPage } from './care-team-page.js';
import { forgotPasswordPage } from './forgot-password-page.js';
import { glucosePage } from './glucose-page.js';
import { loginPage } from './login-page.js';
import { notesPage } from './notes-page.js';
import { profilePage } from './profile-page.js';
import { resetPasswordPage } from './reset-password-page.js';
import { signupPage } from './signup-page.js';
import { uploadPage } from './upload-page.js';
import { verifyEmailPage } from './verify-email-page.js';
import { welcomePage } from './welcome-page.js';

export { notFoundPage } from './not-found-page.js';

export const PAGE_FACTORIES: Readonly<Record<PageName, PageFactory>> = {
  welcome: welcomePage,
  login: loginPage,
  signup: signupPage,
  'forgot-password': forgotPasswordPage,
  'reset-password': resetPasswordPage,
  'verify-email': verifyEmailPage,
  profile: profilePage,
  upload: uploadPage,
  data: glucosePage,
  'care-team': careTeamPage,
  notes: notesPage,
};
