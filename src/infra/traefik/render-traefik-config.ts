import { Document, Scalar, isMap, isScalar, type YAMLMap } from "yaml";
import type { DesiredState, TraefikService } from "../../config/desired-state.js";
import type { Diagnostic } from "../../errors.js";
import type { RenderedOutput } from "../rendered-output.js";
import { readCertificate } from "../config-fields.js";
import { toContainerPath } from "../container-path.js";
import { renderWarning } from "../render-diagnostic.js";
import { isValidHostname } from "../hostnames.js";
import { createRenderError, requireSafeValue } from "../safe-render-value.js";

export interface TraefikRenderOptions {
  /** Entry points of every router; default `["web"]` (plain HTTP from the NGINX gateway). */
  readonly entryPoints?: readonly string[];
  /** The internal root CA inside the Traefik container, for https backends. */
  readonly rootCaPath?: string;
}

export const TRAEFIK_DYNAMIC_FILE = "dynamic_conf.yml";
export const TRAEFIK_DEFAULT_ROOT_CA = "/etc/step-ca/ssl/phoenix_root_ca.crt";
const TRANSPORT = "internal-ca";
const DASHBOARD = "traefik-dashboard";

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
 * Written through the yaml library in the layout of the bash template.
 */
export function renderTraefikConfig(state: DesiredState, options: TraefikRenderOptions = {}): RenderedOutput {
  const warnings: Diagnostic[] = [];
  const routes: Route[] = [];
  // The dashboard's router name is taken: a guest service of that name would silently replace it.
  const names = new Set<string>(state.roles.proxy === undefined ? [] : [DASHBOARD]);
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
    routes.push({ name: DASHBOARD, hosts: [`traefik.${state.domain}`], service: "api@internal" });

  const entryPoints = options.entryPoints ?? ["web"];
  const rootCaPath = options.rootCaPath ?? TRAEFIK_DEFAULT_ROOT_CA;
  return { id: "traefik", files: [{ name: TRAEFIK_DYNAMIC_FILE, content: renderDynamicFile(routes, entryPoints, rootCaPath, proxyCertificates(state)) }], warnings };
}

/**
 * The file through the yaml library, in the bash layout: names and paths
 * plain when they are simple words, rules, services and URLs double-quoted,
 * a blank line between sections. The library quotes and escapes; every
 * value is first held to one line, a host to a host name (it sits between
 * the backticks of a rule) and a path to an absolute one.
 */
function renderDynamicFile(routes: readonly Route[], entryPoints: readonly string[], rootCaPath: string, certificates: readonly ProxyCertificate[]): string {
  const entryPointNodes = () => entryPoints.map((e) => word(e, "entry point"));
  const routers = Object.fromEntries(
    routes.map((r) => [
      yamlValue(`${r.name}-router`, "router name"),
      { rule: quoted(r.hosts.map((h) => `Host(\`${requireHost(h)}\`)`).join(" || "), "router rule"), service: quoted(r.service, "service name"), entryPoints: entryPointNodes() },
    ]),
  );
  const backends = routes.filter((r): r is Route & { url: string } => r.url !== undefined);
  const services = Object.fromEntries(
    backends.map((r) => [
      yamlValue(r.service, "service name"),
      {
        loadBalancer: {
          servers: [{ url: quoted(r.url, "backend URL") }],
          passHostHeader: true,
          ...(r.url.startsWith("https:") ? { serversTransport: quoted(`${TRANSPORT}@file`, "servers transport") } : {}),
        },
      },
    ]),
  );
  const http = {
    routers,
    ...(backends.length > 0 ? { services } : {}),
    serversTransports: { [TRANSPORT]: { insecureSkipVerify: false, rootCAs: [path(rootCaPath, "root CA path")] } },
  };
  const tls = { certificates: certificates.map((c) => ({ certFile: path(c.certFile, "certFile"), keyFile: path(c.keyFile, "keyFile") })) };
  const doc = new Document(certificates.length > 0 ? { http, tls } : { http });
  const httpMap = doc.get("http", true);
  if (isMap(httpMap)) blankLinesBefore(httpMap, ["services", "serversTransports"]);
  if (isMap(doc.contents)) blankLinesBefore(doc.contents, ["tls"]);
  return doc.toString({ lineWidth: 0 });
}

function blankLinesBefore(map: YAMLMap, keys: readonly string[]): void {
  for (const pair of map.items) if (isScalar(pair.key) && keys.includes(String(pair.key.value))) pair.key.spaceBefore = true;
}

function yamlValue(value: string, what: string): string {
  return requireSafeValue(value, "yaml", { output: "traefik", what });
}

function quoted(value: string, what: string): Scalar {
  return Object.assign(new Scalar(yamlValue(value, what)), { type: Scalar.QUOTE_DOUBLE });
}

/** A simple word stays plain, as the bash wrote it; anything else is double-quoted by the library. */
function word(value: string, what: string): Scalar {
  const node = new Scalar(yamlValue(value, what));
  node.type = /^[A-Za-z0-9_./-]+$/.test(value) ? Scalar.PLAIN : Scalar.QUOTE_DOUBLE;
  return node;
}

function path(value: string, what: string): Scalar {
  if (!value.startsWith("/")) throw createRenderError({ output: "traefik", what }, value, "it is not an absolute path");
  return word(value, what);
}

/** A backtick in a host would close the rule's string and let the rest be read as more matchers. */
function requireHost(host: string): string {
  yamlValue(host, "router host");
  if (!isValidHostname(host.toLowerCase())) throw createRenderError({ output: "traefik", what: "router host" }, host, "it is not a host name");
  return host;
}

interface ProxyCertificate {
  readonly certFile: string;
  readonly keyFile: string;
}

/**
 * The manifest certificates the proxy container can read (both files under
 * one of its mounts): Traefik serves them on its TLS entry points, matched by
 * SNI, for the routers that the stacks' labels mark `tls=true`.
 */
function proxyCertificates(state: DesiredState): ProxyCertificate[] {
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
