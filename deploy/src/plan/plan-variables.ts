/** `${NAME}` and `${NAME:-default}` in a plan's strings, replaced before the plan is checked. */

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export interface SubstitutionResult {
  readonly value: unknown;
  /** One line per string that names a variable with no value and no default, with its place in the plan. */
  readonly problems: readonly string[];
}

function substituteString(
  text: string,
  variables: Readonly<Record<string, string | undefined>>,
  missing: string[],
) {
  return text.replace(REFERENCE, (whole, name: string, fallback: string | undefined) => {
    const value = variables[name];
    if (value !== undefined && value !== '') return value;
    if (fallback !== undefined) return fallback;
    missing.push(name);
    return whole;
  });
}

/**
 * Replaces every variable reference in every string of a JSON value. An empty variable counts
 * as unset, as with `${NAME:-default}` in a shell. Object keys are left as they are.
 *
 * @example substituteVariables({ PORT: '${PORT:-8009}' }, { PORT: '9000' }) // { value: { PORT: '9000' }, problems: [] }
 */
export function substituteVariables(
  input: unknown,
  variables: Readonly<Record<string, string | undefined>>,
): SubstitutionResult {
  const problems: string[] = [];
  const walk = (value: unknown, path: string): unknown => {
    if (typeof value === 'string') {
      const missing: string[] = [];
      const replaced = substituteString(value, variables, missing);
      for (const name of missing)
        problems.push(`${path || '(top level)'}: the variable ${name} has no value and no default`);
      return replaced;
    }
    if (Array.isArray(value))
      return value.map((item, index) => walk(item, path === '' ? `${index}` : `${path}.${index}`));
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [key, walk(item, path === '' ? key : `${path}.${key}`)]),
      );
    }
    return value;
  };
  return { value: walk(input, ''), problems };
}
