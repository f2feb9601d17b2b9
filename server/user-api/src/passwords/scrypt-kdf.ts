/** scrypt-kdf 4.0.0 with types that match its code. */
import * as declared from 'scrypt-kdf';

/**
 * scrypt-kdf's `scrypt.d.ts` declares named exports, but `scrypt.js` exports one default
 * object holding the same functions (`export default Scrypt`): take that object, typed by the
 * declarations.
 */
export const Scrypt = (declared as unknown as { readonly default: typeof declared }).default;
