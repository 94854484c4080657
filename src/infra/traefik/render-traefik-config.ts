import type { DesiredState, TraefikService } from "../../config/desired-state.js";
import type { Diagnostic } from "../../errors.js";
import type { RenderedOutput } from "../rendered-output.js";
import { readCertificate } from "../config-fields.js";
import { toContainerPath } from "../container-path.js";
import { renderWarning } from "../render-diagnostic.js";

export interface TraefikRenderOptions {
  /** Entry points of every router; default `["web"]` (plain HTTP from the NGINX gateway). */
  readonly entryPoints?: readonly string[];
  /** The internal root CA inside the Traefik container, for https backends. */
  readonly rootCaPath?: string;
}

export const TRAEFIK_DYNAMIC_FILE = "dynamic_conf.yml";
export const TRAEFIK_DEFAULT_ROOT_CA = "/etc/step-ca/ssl/phoenix_root_ca.crt";
const TRANSPORT = "internal-ca";

interface Route {
  readonly name: string;
  readonly hosts: readonly string[];
  readonly service: string;
  readonly url?: string;
}

/**
 * Traefik's file-provider configuration: one router and one service per guest
 * `traefik_service`, plus the dashboard, the internal-CA transport and the
 * certificates the proxy can serve. Stack routes are not written here:
 * their labels reach Traefik's swarm provider through the services'
 * `deploy.labels`, and a second router for the same host would compete with it.
 * Emitted from a template (not a YAML serializer) to keep the bash layout.
 */
export function renderTraefikConfig(state: DesiredState, options: TraefikRenderOptions = {}): RenderedOutput {
  const warnings: Diagnostic[] = [];
  const routes: Route[] = [];
  const names = new Set<string>();
  const stackHosts = new Map<string, string>();
  for (const s of state.traefikServices) if (s.backend.kind === "stack") for (const h of s.hosts) stackHosts.set(h.toLowerCase(), s.backend.stack);
  const kindOf = new Map(state.guests.map((g) => [g.id, g.kind]));
  // The bash listed VM services before LXC services; a stable sort keeps file order within each.
  const guestServices = state.traefikServices
    .filter((s) => s.backend.kind === "guest")
    .sort((a, b) => rankKind(a, kindOf) - rankKind(b, kindOf));
  for (const service of guestServices) {
    const backend = service.backend;
    if (backend.kind === "stack") continue;
    if (backend.guestId === state.roles.gateway) {
      warnings.push(
        renderWarning("TRAEFIK_GATEWAY_ROUTE_SKIPPED", `no Traefik route for the gateway's own service "${service.name}": NGINX → Traefik → NGINX would loop`, service.origin),
      );
      continue;
    }
    if (!/^[A-Za-z0-9_.-]+$/.test(service.name) || names.has(service.name)) {
      warnings.push(renderWarning("TRAEFIK_DUPLICATE_ROUTE", `Traefik service name "${service.name}" is invalid or already used: route skipped`, service.origin));
      continue;
    }
    names.add(service.name);
    for (const host of service.hosts) {
      const stack = stackHosts.get(host.toLowerCase());
      if (stack !== undefined)
        warnings.push(
          renderWarning(
            "TRAEFIK_HOST_ROUTED_TWICE",
            `${host} is routed here to guest ${backend.guestId} and by the labels of stack ${stack} (swarm provider): Traefik picks one of the two`,
            service.origin,
            "remove the guest traefik_service or the stack's router label",
          ),
        );
    }
    routes.push({ name: service.name, hosts: service.hosts, service: `${service.name}-service`, url: backendUrl(state, backend) });
  }
  if (state.roles.proxy !== undefined)
    routes.push({ name: "traefik-dashboard", hosts: [`traefik.${state.domain}`], service: "api@internal" });

  const entryPoints = options.entryPoints ?? ["web"];
  const lines = ["http:", "  routers:"];
  if (routes.length === 0) lines[1] = "  routers: {}";
  for (const r of routes) {
    lines.push(
      `    ${r.name}-router:`,
      `      rule: ${quote(r.hosts.map((h) => `Host(\`${h}\`)`).join(" || "))}`,
      `      service: ${quote(r.service)}`,
      "      entryPoints:",
      ...entryPoints.map((e) => `        - ${plain(e)}`),
    );
  }
  const backends = routes.filter((r): r is Route & { url: string } => r.url !== undefined);
  if (backends.length > 0) {
    lines.push("", "  services:");
    for (const r of backends) {
      lines.push(`    ${r.service}:`, "      loadBalancer:", "        servers:", `          - url: ${quote(r.url)}`, "        passHostHeader: true");
      if (r.url.startsWith("https:")) lines.push(`        serversTransport: ${quote(`${TRANSPORT}@file`)}`);
    }
  }
  lines.push(
    "",
    "  serversTransports:",
    `    ${TRANSPORT}:`,
    "      insecureSkipVerify: false",
    "      rootCAs:",
    `        - ${plain(options.rootCaPath ?? TRAEFIK_DEFAULT_ROOT_CA)}`,
  );
  const certificates = proxyCertificates(state);
  if (certificates.length > 0) {
    lines.push("", "tls:", "  certificates:");
    for (const c of certificates) lines.push(`    - certFile: ${plain(c.certFile)}`, `      keyFile: ${plain(c.keyFile)}`);
  }
  return { id: "traefik", files: [{ name: TRAEFIK_DYNAMIC_FILE, content: lines.join("\n") + "\n" }], warnings };
}

/**
 * The manifest certificates the proxy container can read (both files under
 * one of its mounts): Traefik serves them on its TLS entry points, matched by
 * SNI, for the routers that the stacks' labels mark `tls=true`.
 */
function proxyCertificates(state: DesiredState): { certFile: string; keyFile: string }[] {
  const proxy = state.guests.find((g) => g.id === state.roles.proxy);
  if (proxy === undefined) return [];
  return state.certificates.flatMap((raw) => {
    const entry = readCertificate(raw);
    const certFile = entry && toContainerPath(proxy, entry.certPath);
    const keyFile = entry && toContainerPath(proxy, entry.keyPath);
    return certFile && keyFile ? [{ certFile, keyFile }] : [];
  });
}

function rankKind(service: TraefikService, kindOf: ReadonlyMap<string, string>): number {
  return service.backend.kind === "guest" && kindOf.get(service.backend.guestId) === "vm" ? 0 : 1;
}

type GuestBackend = Extract<TraefikService["backend"], { kind: "guest" }>;

/** Step-CA serves only TLS: its route is https whatever the declared scheme (the bash used http). */
function backendUrl(state: DesiredState, backend: GuestBackend): string {
  const scheme = backend.guestId === state.roles.ca ? "https" : backend.scheme;
  const host = backend.ip.includes(":") ? `[${backend.ip}]` : backend.ip;
  return `${scheme}://${host}:${backend.port}`;
}

/** YAML double-quoted scalars accept JSON string syntax. */
function quote(value: string): string {
  return JSON.stringify(value);
}

function plain(value: string): string {
  return /^[A-Za-z0-9_./-]+$/.test(value) ? value : quote(value);
}
