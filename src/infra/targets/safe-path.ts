/**
 * The one rule for a path that comes from the settings (a target directory,
 * an SSH key, a known-hosts file): it is pasted into shell commands, ssh
 * options and generated files (dnsmasq's `conf-dir=`), so it may hold only
 * characters that mean nothing in any of them. A newline would be a second
 * dnsmasq directive, a space a second ssh option, `%` or `$` an ssh token.
 */

export const SAFE_PATH_MAX_LENGTH = 255;

const SAFE_PATH = /^\/[A-Za-z0-9._/-]+$/;

export const SAFE_PATH_RULE = "an absolute path of letters, digits, . _ - and /, without //, . or .. segments";

/** Why `value` is not a safe absolute path, or undefined when it is. */
export function checkSafePath(value: string): string | undefined {
  if (value.length > SAFE_PATH_MAX_LENGTH) return `must be at most ${SAFE_PATH_MAX_LENGTH} characters long`;
  if (!SAFE_PATH.test(value) || value.includes("//")) return `must be ${SAFE_PATH_RULE}`;
  // `/etc/..` climbs out of the directory the operator reviewed; `.` only hides the same problem.
  if (value.split("/").some((segment) => segment === ".." || segment === ".")) return `must be ${SAFE_PATH_RULE}`;
  return undefined;
}
