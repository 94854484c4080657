import type { DesiredState } from "../../config/desired-state.js";
import type { Diagnostic } from "../../errors.js";
import type { RenderedOutput } from "../rendered-output.js";
import { collectDnsRecords } from "../dns/collect-dns-records.js";
import { renderWarning } from "../render-diagnostic.js";
import { selectGatewayCertificate } from "./select-gateway-certificate.js";
import { isValidHostname } from "../hostnames.js";
import { createRenderError, requireSafeValue } from "../safe-render-value.js";

export interface NginxRenderOptions {
  /** `listen` argument of the HTTP server; default `80`. */
  readonly httpListen?: string;
  /** `listen` argument of the HTTPS server; default `443`. */
  readonly httpsListen?: string;
  /** Where Traefik's plain-HTTP entry point is; default `http://<proxy ip>:80`. */
  readonly proxyUrl?: string;
  /** Certificate and key inside the gateway; default: the manifest entry covering the gateway. */
  readonly certificate?: { readonly certPath: string; readonly keyPath: string };
  /** Directory Phoenix writes its HTTP-01 tokens to (`certificates.challenge: http-01`); served before Traefik is asked. */
  readonly acmeWebroot?: string;
}

export const NGINX_SITE_FILE = "sites-available/gateway";

/**
 * The NGINX gateway site: the default server on 80 (ACME challenges to
 * Traefik, a 301 to HTTPS for the rest) and on 443 (TLS termination, proxy
 * to Traefik with WebSocket upgrades). Both are `default_server`, so a
 * distribution placeholder site cannot shadow them.
 */
export function renderNginxGateway(state: DesiredState, options: NginxRenderOptions = {}): RenderedOutput {
  const warnings: Diagnostic[] = [];
  const byId = new Map(state.guests.map((g) => [g.id, g]));
  const gateway = state.roles.gateway === undefined ? undefined : byId.get(state.roles.gateway);
  // Said at the gateway guest's definition when there is one: the reason is about it.
  const none = (code: string, message: string, hint?: string): RenderedOutput => ({
    id: "nginx",
    files: [],
    warnings: [...warnings, renderWarning(code, message, gateway?.origin, hint)],
  });
  if (gateway?.ip === undefined) return none("NGINX_NO_GATEWAY", "no NGINX gateway guest with a static address: no gateway site rendered");
  const proxy = state.roles.proxy === undefined ? undefined : byId.get(state.roles.proxy);
  const proxyUrl = options.proxyUrl ?? (proxy?.ip === undefined ? undefined : `http://${proxy.ip}:80`);
  if (proxyUrl === undefined) return none("NGINX_NO_PROXY", "no Traefik guest with a static address to proxy to: no gateway site rendered");

  let certificate = options.certificate;
  if (certificate === undefined) {
    const selected = selectGatewayCertificate(state, gateway);
    if (selected === undefined)
      return none("NGINX_NO_CERTIFICATE", `no certificate manifest entry covers the gateway (guest ${gateway.id}): no gateway site rendered`, "add the gateway's name to a certificate's sans");
    if (selected.certPath === undefined || selected.keyPath === undefined)
      return none(
        "NGINX_CERTIFICATE_NOT_MOUNTED",
        `certificate ${selected.entry.commonName} is not under any mount point of guest ${gateway.id}: no gateway site rendered`,
        "mount the certificate directory into the gateway container",
      );
    certificate = { certPath: selected.certPath, keyPath: selected.keyPath };
  }

  const serverNames = collectDnsRecords(state)
    .records.filter((r) => r.ip === gateway.ip)
    .map((r) => requireNginxValue(r.hostname, "server_name", isValidHostname, "it is not a host name"));
  const httpListen = requireNginxValue(options.httpListen ?? "80", "listen", isListenAddress, "it is not a port or address:port");
  const httpsListen = requireNginxValue(options.httpsListen ?? "443", "listen", isListenAddress, "it is not a port or address:port");
  const upstream = requireNginxValue(proxyUrl, "proxy_pass", (v) => /^https?:\/\/[^/]/.test(v), "it is not an http:// or https:// URL");
  const certPath = requireNginxValue(certificate.certPath, "ssl_certificate", isAbsolutePath, "it is not an absolute path");
  const keyPath = requireNginxValue(certificate.keyPath, "ssl_certificate_key", isAbsolutePath, "it is not an absolute path");
  const proxyHeaders = [
    "        proxy_set_header Host $host;",
    "        proxy_set_header X-Real-IP $remote_addr;",
    "        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
    "        proxy_set_header X-Forwarded-Proto $scheme;",
    "        proxy_set_header X-Forwarded-Host $host;",
  ];
  const acmeWebroot =
    options.acmeWebroot === undefined ? undefined : requireNginxValue(options.acmeWebroot, "root", (v) => isAbsolutePath(v) && !v.split("/").includes(".."), "it is not an absolute path without ..");
  const acmeLocation =
    acmeWebroot === undefined
      ? ["    location /.well-known/acme-challenge/ {", `        proxy_pass ${upstream};`, ...proxyHeaders, "    }"]
      : [
          "    # Phoenix's own HTTP-01 tokens first; any other challenge goes to Traefik.",
          "    location /.well-known/acme-challenge/ {",
          `        root ${acmeWebroot};`,
          "        try_files $uri @phoenix_acme_traefik;",
          "    }",
          "",
          "    location @phoenix_acme_traefik {",
          `        proxy_pass ${upstream};`,
          ...proxyHeaders,
          "    }",
        ];
  const lines = [
    "# Generated by Phoenix from the config repo: local edits are overwritten.",
    "",
    "# WebSocket upgrades: forward the client's Upgrade, otherwise close the upstream connection.",
    "map $http_upgrade $phoenix_connection_upgrade {",
    "    default upgrade;",
    "    ''      close;",
    "}",
    "",
    "# HTTP: ACME http-01 challenges go to Traefik; everything else is redirected to HTTPS.",
    "server {",
    `    listen ${httpListen} default_server;`,
    "    server_name _;",
    "",
    ...acmeLocation,
    "",
    "    location / {",
    "        return 301 https://$host$request_uri;",
    "    }",
    "}",
    "",
    "# HTTPS: the single TLS termination point; every service host is proxied to Traefik.",
    "server {",
    `    listen ${httpsListen} ssl http2 default_server;`,
    ...serverNameLines(serverNames),
    "",
    `    ssl_certificate ${certPath};`,
    `    ssl_certificate_key ${keyPath};`,
    "",
    "    location / {",
    `        proxy_pass ${upstream};`,
    "        proxy_http_version 1.1;",
    "        proxy_set_header Upgrade $http_upgrade;",
    "        proxy_set_header Connection $phoenix_connection_upgrade;",
    ...proxyHeaders,
    "        # Long-lived WebSocket and streaming connections (Portainer console, model streams).",
    "        proxy_read_timeout 1h;",
    "        proxy_send_timeout 1h;",
    "    }",
    "}",
  ];
  return { id: "nginx", files: [{ name: NGINX_SITE_FILE, content: lines.join("\n") + "\n" }], warnings };
}

/**
 * Every value of the site is one argument of its directive: nothing in it may
 * end the directive (`;`), open or close a block, start a comment, quote,
 * escape, interpolate a variable (`$`) or split it into two arguments.
 */
function requireNginxValue(value: string, directive: string, isWellFormed: (value: string) => boolean, problem: string): string {
  const context = { output: "nginx" as const, what: directive };
  requireSafeValue(value, "nginx", context);
  if (!isWellFormed(value)) throw createRenderError(context, value, problem);
  return value;
}

function isListenAddress(value: string): boolean {
  return /^(?:[A-Za-z0-9.-]+:|\[[0-9A-Fa-f:.]+\]:)?[0-9]{1,5}$/.test(value);
}

function isAbsolutePath(value: string): boolean {
  return value.startsWith("/");
}

/** One name per line keeps diffs of the site readable when a service is added. */
function serverNameLines(names: readonly string[]): string[] {
  if (names.length === 0) return ["    server_name _;"];
  return ["    server_name", ...names.map((n, i) => `        ${n}${i === names.length - 1 ? ";" : ""}`)];
}
