/** What every page gets from the app: the SDK client, the signed-in account, navigation and announcements. */
import type { Profile, SharedUser, TidepoolClient, User } from '@tidepool/sdk';
import type { TemplateResult } from 'lit-html';
import type { DisplayUnits } from './glucose/glucose-units.js';

/** The signed-in person, as loaded after login. */
export interface Account {
  readonly user: User;
  readonly profile: Profile;
  /** The units this person sees glucose in (their `settings.units.bg`, as Tidepool keeps it). */
  readonly units: DisplayUnits;
  /** The people who share their data with this person, with what they may do. */
  readonly sharers: readonly SharedUser[];
}

/** Whose data the data, notes and upload pages show: oneself or someone who shares with one. */
export interface ViewedPerson {
  readonly userid: string;
  readonly name: string;
  readonly isSelf: boolean;
}

export interface AppContext {
  /** The SDK: the app's only way to talk to the platform. */
  readonly client: TidepoolClient;
  /** The signed-in account, or null. */
  readonly account: Account | null;
  /** Whose data is shown (only when signed in). */
  readonly viewed: ViewedPerson | null;
  /** Goes to a page of the app, adding a history entry unless `replace`. */
  navigate(path: string, options?: { replace?: boolean }): void;
  /** Renders the page again after its state changed. */
  update(): void;
  /** Says something to screen readers (a polite live region), for progress and results. */
  announce(message: string): void;
  /** Loads the account again (after login, signup, a profile change or an accepted invitation). */
  reloadAccount(): Promise<void>;
  /** Shows the data of another person who shares with the signed-in one (or oneself). */
  viewPerson(userid: string): void;
  /** Forgets the session here (after logout or when it expired). */
  signedOut(message?: string): void;
}

/** A page of the app: its title and content; `start` runs once it is shown, `stop` when left. */
export interface Page {
  readonly title: string;
  render(): TemplateResult;
  start?(): void;
  stop?(): void;
}

/** Makes a page for the current location. */
export type PageFactory = (context: AppContext, location: URL) => Page;
