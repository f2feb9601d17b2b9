/** What the agent refuses, with a reason an operator can act on; the HTTP layer maps each kind to a status. */

/**
 * - `NO_SUCH_SLOT`: no slot has this name (404);
 * - `SLOT_EXISTS`: a slot with this name exists (409);
 * - `WRONG_STATE`: the slot's state does not allow this, such as unloading a running slot (409);
 * - `BAD_BUNDLE`: the bundle names an unknown service or code that is not there (400);
 * - `DATABASE_IN_USE`: another slot holds the embedded database this one would open (409).
 */
export type SlotErrorKind = 'NO_SUCH_SLOT' | 'SLOT_EXISTS' | 'WRONG_STATE' | 'BAD_BUNDLE' | 'DATABASE_IN_USE';

export class SlotError extends Error {
  override readonly name = 'SlotError';

  constructor(
    readonly kind: SlotErrorKind,
    message: string,
  ) {
    super(message);
  }
}
