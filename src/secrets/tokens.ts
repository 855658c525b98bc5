/**
 * Where a Qovery token comes from: the one list of variables, read in one order and normalised
 * one way, by the client that sends the token and by the redactor that hides it.
 */

/** The variables a Qovery token is read from, in the client's order of preference (as Qovery's CLI reads them). */
export const TOKEN_VARIABLES = ['QOVERY_API_TOKEN', 'QOVERY_CLI_ACCESS_TOKEN', 'Q_CLI_ACCESS_TOKEN'] as const;

/** The one normalisation of a token, shared by the client and the redactor: a pasted secret often ends with a newline. */
export function normalizeToken(value: string): string {
  return value.trim();
}

/** The token variables that are set, in order, each value normalised; empty ones are skipped. */
export function tokensFromEnv(env: Readonly<Record<string, string | undefined>>): { name: (typeof TOKEN_VARIABLES)[number]; value: string }[] {
  return TOKEN_VARIABLES.flatMap((name) => {
    const value = normalizeToken(env[name] ?? '');
    return value ? [{ name, value }] : [];
  });
}

/** The secrets qovery-deploy knows about: every token variable's value, normalised, each once. */
export function secretsFromEnv(env: Readonly<Record<string, string | undefined>>): string[] {
  return [...new Set(tokensFromEnv(env).map((t) => t.value))];
}
