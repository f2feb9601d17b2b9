/** scrypt cost parameters, and whether they are at least as strong as OWASP's guidance (DESIGN.md §5). */

/** scrypt's cost parameters as scrypt-kdf takes them: N = 2^logN, block size r, parallelism p. */
export interface ScryptParameters {
  readonly logN: number;
  readonly r: number;
  readonly p: number;
}

/**
 * The OWASP Password Storage Cheat Sheet's scrypt settings, each equally strong: "N=2^17 (128
 * MiB), r=8, p=1", then the same work traded from memory to parallelism down to N=2^13, p=10.
 */
export const OWASP_SCRYPT_SETTINGS: readonly ScryptParameters[] = [
  { logN: 17, r: 8, p: 1 },
  { logN: 16, r: 8, p: 2 },
  { logN: 15, r: 8, p: 3 },
  { logN: 14, r: 8, p: 5 },
  { logN: 13, r: 8, p: 10 },
];

/**
 * Whether `parameters` are at least one OWASP setting in every dimension. Raising any one
 * parameter only adds work, so the test is a componentwise comparison.
 *
 * @example isOwaspEquivalent({ logN: 14, r: 8, p: 5 }) // true
 */
export function isOwaspEquivalent(parameters: ScryptParameters): boolean {
  return OWASP_SCRYPT_SETTINGS.some(
    (setting) => parameters.logN >= setting.logN && parameters.r >= setting.r && parameters.p >= setting.p,
  );
}

/** Whether two parameter sets are the same (a stored hash made with others is rehashed at login). */
export function sameParameters(left: ScryptParameters, right: ScryptParameters): boolean {
  return left.logN === right.logN && left.r === right.r && left.p === right.p;
}
