/**
 * ContainerSpec fields that need more than a copy (docs/stack-deploy.md §3.2, §3.3),
 * after docker/cli `convert/service.go` and `opts/capabilities.go`.
 */
import type { ComposeHealthcheck, ComposeService } from "../compose-project.js";
import type { DnsConfig, HealthConfig, Ulimit } from "../../engine/engine-service-spec.js";
import { compareGoStrings } from "../../go/sort.js";
import type { ComposeCompat } from "../compose-compat.js";
import { ConversionError } from "./conversion-error.js";

/** `convertEnvironment` + `sortStrings`: `KEY=VALUE`, or a bare `KEY` for a variable without value. */
export function convertEnvironment(environment: Readonly<Record<string, string | null>>): string[] | undefined {
  const env = Object.entries(environment).map(([key, value]) => (value === null ? key : `${key}=${value}`));
  return env.length === 0 ? undefined : env.sort(compareGoStrings);
}

/** `convertExtraHosts`: `host:ip` → `"ip host"`, split at the first colon; entries without one are dropped. */
export function convertExtraHosts(extraHosts: readonly string[]): string[] | undefined {
  const hosts: string[] = [];
  for (const entry of extraHosts) {
    const colon = entry.indexOf(":");
    if (colon !== -1) hosts.push(`${entry.slice(colon + 1)} ${entry.slice(0, colon)}`);
  }
  return hosts.length === 0 ? undefined : hosts;
}

/** `convertDNSConfig`: present when either list is set, lists kept in file order. */
export function convertDnsConfig(service: ComposeService): DnsConfig | undefined {
  if (service.dns.length === 0 && service.dnsSearch.length === 0) return undefined;
  return {
    ...(service.dns.length > 0 ? { Nameservers: [...service.dns] } : {}),
    ...(service.dnsSearch.length > 0 ? { Search: [...service.dnsSearch] } : {}),
  };
}

/** `convertHealthcheck`: `disable` → `["NONE"]`; durations in ns, zero values omitted. */
export function convertHealthcheck(healthcheck: ComposeHealthcheck | undefined, compat: ComposeCompat): HealthConfig | undefined {
  if (healthcheck === undefined) return undefined;
  if (healthcheck.disable) {
    if (healthcheck.test !== undefined && healthcheck.test.length > 0) {
      throw new ConversionError("COMPOSE_HEALTHCHECK", "test and disable can't be set at the same time");
    }
    return { Test: ["NONE"] };
  }
  const nonZero = <K extends string>(key: K, value: number | undefined) => (value ? { [key]: value } : {}) as Partial<Record<K, number>>;
  return {
    ...(healthcheck.test !== undefined && healthcheck.test.length > 0 ? { Test: [...healthcheck.test] } : {}),
    ...nonZero("Interval", healthcheck.interval),
    ...nonZero("Timeout", healthcheck.timeout),
    ...nonZero("StartPeriod", healthcheck.startPeriod),
    // start_interval (schema 3.12) reaches the spec from CLI 25.0 on.
    ...(compat === "28.2" ? nonZero("StartInterval", healthcheck.startInterval) : {}),
    ...nonZero("Retries", healthcheck.retries),
  };
}

/** `convertUlimits`: one entry per name, sorted; a single number sets soft = hard. */
export function convertUlimits(ulimits: ComposeService["ulimits"]): Ulimit[] | undefined {
  const entries = Object.entries(ulimits).map(([name, limit]) =>
    limit.single !== 0 ? { Name: name, Soft: limit.single, Hard: limit.single } : { Name: name, Soft: limit.soft, Hard: limit.hard },
  );
  return entries.length === 0 ? undefined : entries.sort((a, b) => compareGoStrings(a.Name, b.Name));
}

const ALL = "ALL";
const RESET = "RESET";

/** `opts.NormalizeCapability`: upper case, `CAP_` prefix except for ALL and RESET. */
function normalizeCapability(capability: string): string {
  const upper = capability.trim().toUpperCase();
  if (upper === ALL || upper === RESET || upper.startsWith("CAP_")) return upper;
  return `CAP_${upper}`;
}

/**
 * `opts.EffectiveCapAddCapDrop`: de-duplicated and sorted; `ALL` in either
 * list replaces that list; a capability both added and dropped is only
 * added; RESET never reaches the spec.
 */
export function convertCapabilities(capAdd: readonly string[], capDrop: readonly string[]): { add?: string[]; drop?: string[] } {
  const normalize = (list: readonly string[]) => {
    const set = new Set(list.map(normalizeCapability));
    return set.has(ALL) ? new Set([ALL]) : set;
  };
  const add = normalize(capAdd);
  const drop = normalize(capDrop);
  const added = [...add].filter((capability) => capability !== RESET);
  const dropped = [...drop].filter((capability) => !add.has(capability) && capability !== RESET);
  return {
    ...(added.length > 0 ? { add: added.sort(compareGoStrings) } : {}),
    ...(dropped.length > 0 ? { drop: dropped.sort(compareGoStrings) } : {}),
  };
}
