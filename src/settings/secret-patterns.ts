import { isSecretName } from "../config/secret-names.js";
import { LRUCache } from "lru-cache";

/**
 * Names whose values Phoenix never prints. The loader's built-in rule
 * (`PASS`, `SECRET`, `TOKEN`, `KEY`, `CREDENTIAL` anywhere in the name)
 * always applies; the repo settings can only add patterns, never unmask.
 */

/** A glob over a whole variable name: `*` any run of characters, `?` one character; case-insensitive. */
export const SECRET_PATTERN = /^[A-Za-z0-9_.*?-]+$/;

export type SecretNameMatcher = (name: string) => boolean;

/** True for names the built-in rule or one of `patterns` covers. */
export function createSecretNameMatcher(patterns: readonly string[] = []): SecretNameMatcher {
  // The same function for the same patterns: results computed with it can be kept by its identity.
  const key = JSON.stringify(patterns);
  const made = matchers.get(key);
  if (made !== undefined) return made;
  const matcher = buildMatcher(patterns);
  matchers.set(key, matcher);
  return matcher;
}

const MAX_MATCHERS = 64;
const matchers = new LRUCache<string, SecretNameMatcher>({ max: MAX_MATCHERS });

function buildMatcher(patterns: readonly string[]): SecretNameMatcher {
  const globs = patterns.map((p) => p.toLowerCase());
  return (name) => {
    if (isSecretName(name)) return true;
    const lower = name.toLowerCase();
    return globs.some((glob) => matchGlob(glob, lower));
  };
}

/**
 * Whole-string glob match in O(pattern × name): backtracks only to the last
 * `*`. A regex (`.*A.*A.*B`) backtracks over every `*` and took minutes for
 * `*A*A*A*A*A*A*A*A*A*A*B` against a 40-character name, and both come from
 * the repo.
 */
function matchGlob(glob: string, name: string): boolean {
  let g = 0;
  let n = 0;
  let star = -1;
  let resume = 0;
  while (n < name.length) {
    if (g < glob.length && (glob[g] === "?" || glob[g] === name[n])) {
      g++;
      n++;
    } else if (g < glob.length && glob[g] === "*") {
      star = g++;
      resume = n;
    } else if (star !== -1) {
      g = star + 1;
      n = ++resume;
    } else return false;
  }
  while (glob[g] === "*") g++;
  return g === glob.length;
}
