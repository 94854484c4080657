import type { DesiredState, Origin } from "../../config/desired-state.js";
import type { Diagnostic } from "../../errors.js";
import { isAgentWithoutHostname, readAgentHostname } from "../config-fields.js";
import { compareCodePoints, guestHostname, isValidAddress, isValidHostname, normalizeHostname } from "../hostnames.js";
import { renderWarning } from "../render-diagnostic.js";

/**
 * Why a name resolves where it does. The order is the precedence when two
 * sources claim one name with different addresses: what the user wrote
 * explicitly; the CA's and the proxy's own service names; agent hostnames
 * (the Portainer server opens a raw TCP connection to them, which the
 * gateway cannot carry); service names through the gateway (NGINX →
 * Traefik); and last the plain guest names, so a guest named like its
 * service (`portainer`) is still reached through the gateway, as in the bash.
 */
export const DNS_RECORD_SOURCES = ["explicit", "own-service", "agent-hostname", "service", "guest-name"] as const;
export type DnsRecordSource = (typeof DNS_RECORD_SOURCES)[number];

export interface DnsAddressRecord {
  readonly hostname: string;
  readonly ip: string;
  readonly source: DnsRecordSource;
}

export interface DnsRecordSet {
  /** Sorted by host name (code point order), one record per name. */
  readonly records: readonly DnsAddressRecord[];
  readonly warnings: readonly Diagnostic[];
}

interface Candidate extends DnsAddressRecord {
  readonly origin: Origin | undefined;
  /** The guest the name belongs to or routes to, when there is one. */
  readonly guestId: string | undefined;
}

/** Every name the internal DNS answers, with the address policy applied (see docs/infra-outputs.md). */
export function collectDnsRecords(state: DesiredState): DnsRecordSet {
  const warnings: Diagnostic[] = [];
  const candidates: Candidate[] = [];
  const add = (hostname: string, ip: string, source: DnsRecordSource, origin: Origin | undefined, guestId?: string) => {
    const name = normalizeHostname(hostname);
    if (!isValidHostname(name)) {
      warnings.push(renderWarning("DNS_INVALID_HOSTNAME", `"${hostname}" is not a valid host name: no DNS record`, origin));
      return;
    }
    if (!isValidAddress(ip)) {
      warnings.push(renderWarning("DNS_INVALID_ADDRESS", `"${ip}" is not an IP address: no DNS record for ${name}`, origin));
      return;
    }
    candidates.push({ hostname: name, ip, source, origin, guestId });
  };

  const byId = new Map(state.guests.map((g) => [g.id, g]));
  const gateway = state.roles.gateway === undefined ? undefined : byId.get(state.roles.gateway);
  const ownAddressIds = new Set([state.roles.ca, state.roles.proxy].filter((id): id is string => id !== undefined));

  for (const record of state.dnsRecords) add(record.hostname, record.ip, "explicit", record.origin);

  for (const guest of state.guests) {
    if (guest.ip === undefined) {
      warnings.push(
        renderWarning("DNS_GUEST_WITHOUT_ADDRESS", `guest ${guest.id} (${guest.name}) has no static address (${guest.cidr ?? "none"}): no DNS record`, guest.origin),
      );
      continue;
    }
    add(guestHostname(guest.name, state.domain), guest.ip, "guest-name", guest.origin, guest.id);
    const agentHostname = readAgentHostname(guest);
    if (agentHostname !== undefined) add(agentHostname, guest.ip, "agent-hostname", guest.origin, guest.id);
    else if (isAgentWithoutHostname(guest))
      warnings.push(renderWarning("DNS_AGENT_WITHOUT_HOSTNAME", `agent VM ${guest.id} has no portainer_agent_hostname: no agent DNS record`, guest.origin));
  }

  const serviceHosts: { hostname: string; origin: Origin | undefined; guestId: string | undefined }[] = [];
  for (const service of state.traefikServices) {
    const backend = service.backend;
    if (backend.kind === "guest" && ownAddressIds.has(backend.guestId)) {
      for (const host of service.hosts) add(host, backend.ip, "own-service", service.origin, backend.guestId);
    } else {
      const guestId = backend.kind === "guest" ? backend.guestId : undefined;
      for (const host of service.hosts) serviceHosts.push({ hostname: host, origin: service.origin, guestId });
    }
  }
  if (state.roles.proxy !== undefined)
    serviceHosts.push({ hostname: `traefik.${state.domain}`, origin: byId.get(state.roles.proxy)?.origin, guestId: state.roles.proxy });

  if (serviceHosts.length > 0) {
    if (gateway?.ip === undefined) {
      warnings.push(
        renderWarning(
          "DNS_NO_GATEWAY",
          `no gateway with a static address: ${serviceHosts.length} service name(s) get no DNS record`,
          gateway?.origin,
          "give the NGINX gateway guest a traefik_service named nginx and a static IP",
        ),
      );
    } else {
      for (const host of serviceHosts) add(host.hostname, gateway.ip, "service", host.origin, host.guestId);
    }
  }

  return { records: resolveConflicts(candidates, warnings), warnings };
}

function resolveConflicts(candidates: readonly Candidate[], warnings: Diagnostic[]): DnsAddressRecord[] {
  const rank = (s: DnsRecordSource) => DNS_RECORD_SOURCES.indexOf(s);
  // A stable sort by (name, precedence) keeps source order among equals, like jq's unique_by.
  const sorted = [...candidates].sort((a, b) => compareCodePoints(a.hostname, b.hostname) || rank(a.source) - rank(b.source));
  const out: DnsAddressRecord[] = [];
  let kept: Candidate | undefined;
  for (const c of sorted) {
    if (kept?.hostname === c.hostname) {
      // A guest named like the service it backs (`portainer`) is the normal case, not a conflict.
      const sameGuest = c.source === "guest-name" && kept.guestId === c.guestId;
      if (kept.ip !== c.ip && !sameGuest)
        warnings.push(
          renderWarning(
            "DNS_NAME_CONFLICT",
            `${c.hostname} is also declared as ${c.source} → ${c.ip}; it resolves to ${kept.ip} (${kept.source})`,
            c.origin,
          ),
        );
      continue;
    }
    kept = c;
    out.push({ hostname: c.hostname, ip: c.ip, source: c.source });
  }
  return out;
}
