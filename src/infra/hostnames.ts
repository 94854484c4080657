import { isIP } from "node:net";

const LABEL = "[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?";
const HOSTNAME = new RegExp(`^(?=.{1,253}$)${LABEL}(?:\\.${LABEL})*$`);

/** Host names are compared and emitted lower-case: DNS, NGINX and Traefik all match them case-insensitively. */
export function normalizeHostname(name: string): string {
  return name.trim().toLowerCase();
}

/** True for a name dnsmasq, NGINX and Traefik all accept (letters, digits, `-`, `_`, dots between labels). */
export function isValidHostname(name: string): boolean {
  return HOSTNAME.test(name);
}

export function isValidAddress(ip: string): boolean {
  return isIP(ip) !== 0;
}

/** `<lower(name)>.<domain>`: the name every guest gets under the internal domain. */
export function guestHostname(name: string, domain: string): string {
  return normalizeHostname(`${name}.${domain}`);
}

/** Code point order, as jq's `sort_by` and `unique_by` use. */
export function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** True when `pattern` (a name or a `*.` wildcard, as in a certificate SAN) covers `host`. */
export function hostnameMatches(pattern: string, host: string): boolean {
  const p = normalizeHostname(pattern);
  const h = normalizeHostname(host);
  if (!p.startsWith("*.")) return p === h;
  const suffix = p.slice(1);
  return h.endsWith(suffix) && !h.slice(0, -suffix.length).includes(".") && h.length > suffix.length;
}
