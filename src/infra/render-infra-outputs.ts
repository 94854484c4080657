import type { DesiredState } from "../config/desired-state.js";
import { createObjectMemo } from "../freeze-deep.js";
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
  return [...rememberRender(state, JSON.stringify(options), () => renderAll(state, options))];
}

const rememberRender = createObjectMemo<DesiredState, readonly RenderedOutput[]>();

function renderAll(state: DesiredState, options: InfraRenderOptions): RenderedOutput[] {
  return [
    renderDnsmasqConfig(state, options.dns),
    renderFirewallFiles(state),
    renderTraefikConfig(state, options.traefik),
    renderNginxGateway(state, options.nginx),
  ];
}
