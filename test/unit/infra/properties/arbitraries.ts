import fc from "fast-check";

/**
 * Characters that end, split, quote, escape or comment a directive in at
 * least one of the generated formats, and the Unicode line breakers readers
 * disagree on. Every generated string is likely to hold some of them.
 */
export const HOSTILE_CHARACTERS = [
  "\n", "\r", "\r\n", "\t", "\u0000", "\u000b", "\u000c", "\u0085", "\u2028", "\u2029", "\u007f", "\u009b", "\u202e",
  " ", "#", ";", "{", "}", "\"", "'", "`", "\\", "$", "/", ",", "=", ":", "|", "!", "&", "(", ")", "[", "]", "@", "+", "-", ".", "..", "*", "\ud800",
] as const;

/**
 * Strings built from the pieces a valid value is made of, hostile characters
 * and arbitrary code points (lone surrogates included), sometimes very long.
 * Callers keep only what a schema accepts: the property then holds for
 * everything the schema lets through, not for what a generator meant to make.
 */
export function hostileString(pieces: readonly string[], options: { maxPieces?: number } = {}): fc.Arbitrary<string> {
  const piece = fc.oneof(
    { weight: 10, arbitrary: fc.constantFrom(...pieces) },
    { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_CHARACTERS) },
    { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 3 }) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 2000 }).map((n) => (pieces[0] ?? "a").repeat(n)) },
  );
  return fc.array(piece, { minLength: 1, maxLength: options.maxPieces ?? 8 }).map((parts) => parts.join(""));
}

/** The strings of `arbitrary` a zod schema accepts. */
export function acceptedBy(schema: { safeParse: (value: unknown) => { success: boolean } }, arbitrary: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return arbitrary.filter((value) => schema.safeParse(value).success);
}

/** `/` and then a hostile string: most absolute paths a schema accepts start so. */
export function hostilePath(pieces: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof({ weight: 4, arbitrary: hostileString(pieces).map((s) => `/${s}`) }, { weight: 1, arbitrary: hostileString(pieces) });
}

/**
 * A router rule label: matchers around hostile host names and paths, joined
 * by operators or by a hostile character. Unfiltered: most are not rules.
 */
export function hostileRuleLabel(): fc.Arbitrary<string> {
  const name = hostileString(NAME_PIECES, { maxPieces: 5 });
  const matcher = fc.oneof(
    name.map((h) => `Host(\`${h}\`)`),
    name.map((h) => `Host("${h}")`),
    fc.tuple(name, name).map(([a, b]) => `Host(\`${a}\`, \`${b}\`)`),
    hostileString(PATH_PIECES, { maxPieces: 4 }).map((p) => `PathPrefix(\`${p}\`)`),
    fc.constantFrom(...HOSTILE_CHARACTERS),
  );
  const joiner = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(" || ", " && ", " && !") }, { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_CHARACTERS) });
  return fc
    .tuple(matcher, fc.array(fc.tuple(joiner, matcher), { maxLength: 2 }))
    .map(([first, rest]) => `traefik.http.routers.r.rule=${first}${rest.map(([j, m]) => j + m).join("")}`);
}

/** Pieces of host names, paths and words. */
export const NAME_PIECES = ["a", "b9", "web", "x-y", "_s", "-", ".", "0", "Z"];
export const PATH_PIECES = ["/", "etc", "nginx", "ssl", "k.key", "a_b", "-", ".", "v1.2"];
export const TEXT_PIECES = ["Allow ", "HTTP", " to ", "(10.0.0.5)", "für", "監視", "# ", "x", "—"];
export const ADDRESS_PIECES = ["10", ".", "0", "/24", "+set", "dc/", "alias", ",", "-", ":", "fe80", "!"];

/** Property runs per renderer: enough to meet every hostile character in every field, about 2 s each. */
export const RUNS = { numRuns: 200 } as const;

/** Vitest's limit for one property: ten times its usual time, so a loaded machine does not fail it. */
export const PROPERTY_TIMEOUT_MS = 20_000;
