import type { DesiredState } from "../config/desired-state.js";
import { freezeDeep } from "../freeze-deep.js";
import type { RenderedOutput } from "./rendered-output.js";
import { renderDnsmasqConfig, type DnsmasqRenderOptions } from "./dns/render-dnsmasq-config.js";
import { renderFirewallFiles } from "./firewall/render-firewall-files.js";
import { renderTraefikConfig, type TraefikRenderOptions } from "./traefik/render-traefik-config.js";
import { renderNginxGateway, type NginxRenderOptions } from "./nginx/render-nginx-gateway.js";

export interface InfraRenderOptions {
  readonly dns?: DnsmasqRenderOptions;
  readonly traefik?: TraefikRenderOptions;
  readonly nginx?: NginxRenderOptions;
}

/** Every infrastructure output of a desired state, in apply order (DNS, firewall, Traefik, NGINX). */
export function renderInfraOutputs(state: DesiredState, options: InfraRenderOptions = {}): RenderedOutput[] {
  // A state is immutable once loaded, and a commit's state is kept by the loader: rendered once per options.
  const key = JSON.stringify(options);
  let byOptions = rendersByState.get(state);
  const kept = byOptions?.get(key);
  if (kept !== undefined) return [...kept];
  const rendered = freezeDeep(renderAll(state, options));
  if (byOptions === undefined) {
    byOptions = new Map();
    rendersByState.set(state, byOptions);
  }
  byOptions.set(key, rendered);
  return [...rendered];
}

const rendersByState = new WeakMap<DesiredState, Map<string, readonly RenderedOutput[]>>();

function renderAll(state: DesiredState, options: InfraRenderOptions): RenderedOutput[] {
  return [
    renderDnsmasqConfig(state, options.dns),
    renderFirewallFiles(state),
    renderTraefikConfig(state, options.traefik),
    renderNginxGateway(state, options.nginx),
  ];
}
