import type { DesiredState, Guest } from "../../config/desired-state.js";
import { readCertificate, type CertificateFields } from "../config-fields.js";
import { toContainerPath } from "../container-path.js";
import { guestHostname, hostnameMatches } from "../hostnames.js";

export interface GatewayCertificate {
  readonly entry: CertificateFields;
  /** Paths inside the gateway container, through its `mount_points`; undefined when no mount covers them. */
  readonly certPath: string | undefined;
  readonly keyPath: string | undefined;
}

/** The gateway's own names: its Traefik service hosts and `<lower(name)>.<domain>`. */
export function gatewayHostnames(state: DesiredState, gateway: Guest): string[] {
  const hosts = state.traefikServices.filter((s) => s.backend.kind === "guest" && s.backend.guestId === gateway.id).flatMap((s) => s.hosts);
  return [...hosts, guestHostname(gateway.name, state.domain)];
}

/** The first certificate manifest entry whose SANs cover one of the gateway's names. */
export function selectGatewayCertificate(state: DesiredState, gateway: Guest): GatewayCertificate | undefined {
  const names = gatewayHostnames(state, gateway);
  for (const raw of state.certificates) {
    const entry = readCertificate(raw);
    if (entry === undefined) continue;
    if (!entry.names.some((san) => names.some((n) => hostnameMatches(san, n)))) continue;
    return { entry, certPath: toContainerPath(gateway, entry.certPath), keyPath: toContainerPath(gateway, entry.keyPath) };
  }
  return undefined;
}
