import { isSecretName } from "../config/secret-names.js";

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
  const globs = patterns.map(compileGlob);
  return (name) => isSecretName(name) || globs.some((glob) => glob.test(name));
}

function compileGlob(pattern: string): RegExp {
  const body = [...pattern].map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.\\^$+()[\]{}|-]/g, "\\$&"))).join("");
  return new RegExp(`^${body}$`, "i");
}
