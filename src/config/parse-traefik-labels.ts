import { parseTraefikRule } from "./schemas/traefik-rule.js";

/** A router declared by a service's Traefik labels. */
export interface TraefikRouterLabel {
  readonly router: string;
  /** Every `Host(...)` name of the rule, in order. */
  readonly hosts: readonly string[];
  /** The router's `.service`, when set. */
  readonly service: string | undefined;
  /** Index of the `.rule` label in the list. */
  readonly labelIndex: number;
}

export interface TraefikServicePort {
  readonly value: string;
  readonly labelIndex: number;
}

export interface ParsedTraefikLabels {
  readonly routers: readonly TraefikRouterLabel[];
  /** `traefik.http.services.<s>.loadbalancer.server.port` by service name. */
  readonly ports: ReadonlyMap<string, TraefikServicePort>;
}

// Traefik matches label keys case-insensitively (`loadBalancer` = `loadbalancer`).
const ROUTER_RULE = /^traefik\.http\.routers\.([^.]+)\.rule$/i;
const ROUTER_SERVICE = /^traefik\.http\.routers\.([^.]+)\.service$/i;
const SERVICE_PORT = /^traefik\.http\.services\.([^.]+)\.loadbalancer\.server\.port$/i;

/** Reads the HTTP routers and service ports out of `key=value` Traefik labels. */
export function parseTraefikLabels(labels: readonly string[]): ParsedTraefikLabels {
  const rules: { router: string; rule: string; labelIndex: number }[] = [];
  const routerServices = new Map<string, string>();
  const ports = new Map<string, TraefikServicePort>();
  labels.forEach((label, labelIndex) => {
    const eq = label.indexOf("=");
    if (eq === -1) return;
    const key = label.slice(0, eq).trim();
    const value = label.slice(eq + 1).trim();
    const rule = ROUTER_RULE.exec(key);
    if (rule?.[1]) rules.push({ router: rule[1], rule: value, labelIndex });
    const service = ROUTER_SERVICE.exec(key);
    if (service?.[1]) routerServices.set(service[1], value);
    const port = SERVICE_PORT.exec(key);
    if (port?.[1]) ports.set(port[1], { value, labelIndex });
  });
  const routers = rules.map(({ router, rule, labelIndex }) => ({ router, hosts: parseHostNames(rule), service: routerServices.get(router), labelIndex }));
  return { routers, ports };
}

/**
 * All names of all `Host(...)` matchers: ``Host(`a`) || Host(`b`, `c`)`` → a,
 * b, c. Read with the rule grammar the schema checks, so a `Host(` inside
 * another matcher's string is not a host; a rule that does not parse has none.
 */
export function parseHostNames(rule: string): string[] {
  const parsed = parseTraefikRule(rule);
  if (parsed.error !== undefined) return [];
  return parsed.matchers.filter((m) => m.name === "Host").flatMap((m) => m.args.filter((host) => host !== ""));
}

/**
 * The port a router sends traffic to: its own `.service`'s port, else the
 * only service the labels define (Traefik's rule for a single service).
 */
export function findRouterPort(router: TraefikRouterLabel, ports: ReadonlyMap<string, TraefikServicePort>): TraefikServicePort | undefined {
  if (router.service !== undefined) return ports.get(router.service);
  return ports.size === 1 ? [...ports.values()][0] : undefined;
}
