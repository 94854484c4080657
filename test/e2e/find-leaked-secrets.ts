/** A text the app produced: a request body it sent, a log line it wrote. */
export interface ProducedText {
  readonly where: string;
  readonly text: string;
}

/**
 * Where each secret shows up in what the app produced, as "<secret name> in
 * <where>" (never the value itself, so a failing test does not print it).
 * JSON escaping is looked through: a value inside a JSON string is found too.
 */
export function findLeakedSecrets(produced: readonly ProducedText[], secrets: Readonly<Record<string, string>>): string[] {
  const leaks: string[] = [];
  for (const [name, value] of Object.entries(secrets)) {
    const forms = new Set([value, JSON.stringify(value).slice(1, -1)]);
    for (const { where, text } of produced) {
      if ([...forms].some((form) => text.includes(form))) leaks.push(`${name} in ${where}`);
    }
  }
  return leaks;
}
