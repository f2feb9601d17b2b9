/** The `Authorization: Basic` header of login (RFC 7617), UTF-8 safe in Node and in browsers. */

/**
 * `Basic base64(identifier:password)`, the credentials encoded as UTF-8 first (RFC 7617 §2.1,
 * charset="UTF-8"), so that passwords with accents or emoji work everywhere. Uses TextEncoder
 * and btoa, which Node 20 and every browser have, instead of Node's Buffer.
 *
 * @throws TypeError when the identifier holds a colon: RFC 7617 §2 forbids it, as the server
 * could not tell where the password starts.
 */
export function basicAuthorization(identifier: string, password: string): string {
  if (identifier.includes(':'))
    throw new TypeError('The login identifier must not contain ":" (RFC 7617 §2).');
  return `Basic ${utf8Base64(`${identifier}:${password}`)}`;
}

function utf8Base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
