/**
 * Readiness before a sync, as the seeds checked it: the DNS server answers
 * for the domain, Traefik and the CA accept connections. Each check is a
 * plan finding when it fails; what it holds back is the sync's business:
 * DNS and Traefik hold back the stacks, the CA only the certificates.
 *
 * Which checks run is the settings' decision (`listReadinessChecks`): by
 * default only those of components Phoenix manages here, so a swarm-only
 * repo, the demo and test setups with `kind: none` targets need none of
 * these components.
 */
import type { DesiredState, Guest } from "../../config/desired-state.js";
import type { Diagnostic } from "../../errors.js";
import { readHypervisorAddress } from "../config-fields.js";
import { collectDnsRecords } from "../dns/collect-dns-records.js";
import { NETWORK_PROBES, type ReadinessProbes } from "./readiness-probes.js";

export type ReadinessCheckId = "dns" | "traefik" | "ca";

/** Which checks run (`listReadinessChecks` of the settings decides). */
export type ReadinessChecks = Readonly<Record<ReadinessCheckId, boolean>>;

export interface ReadinessResult {
  readonly findings: readonly Diagnostic[];
  /** Why the stacks must wait (a DNS or Traefik check failed). */
  readonly holdStacks?: string;
  /** Why the certificates must wait (the CA check failed). */
  readonly holdCertificates?: string;
}

const DEFAULT_PORTS = { traefik: 80, ca: 9000 } as const;

/** `state` supplies every address: for an untrusted tree the caller passes the trusted ref's. */
export async function checkReadiness(state: DesiredState, checks: ReadinessChecks, probes: ReadinessProbes = NETWORK_PROBES): Promise<ReadinessResult> {
  const findings: Diagnostic[] = [];
  let holdStacks: string | undefined;
  let holdCertificates: string | undefined;
  if (checks.dns) {
    const server = readHypervisorAddress(state);
    const name = collectDnsRecords(state).records[0]?.hostname ?? state.domain;
    if (server !== undefined && name !== "" && !(await probes.answersDns(server, name))) {
      holdStacks = `the DNS server ${server} does not answer for ${state.domain}`;
      findings.push(finding("READINESS_DNS", `${holdStacks} (asked for ${name}): the stacks are not deployed until it does`));
    }
  }
  for (const id of ["traefik", "ca"] as const) {
    if (!checks[id]) continue;
    const guestId = id === "traefik" ? state.roles.proxy : state.roles.ca;
    const guest = state.guests.find((g) => g.id === guestId);
    if (guest?.ip === undefined) continue;
    const port = portOf(guest, DEFAULT_PORTS[id]);
    if (await probes.acceptsTcp(guest.ip, port)) continue;
    const what = `${id === "traefik" ? "Traefik" : "the CA"} (${guest.id}, ${guest.name}) does not accept connections on ${guest.ip}:${port}`;
    if (id === "traefik") holdStacks ??= what;
    else holdCertificates = what;
    findings.push(finding(id === "traefik" ? "READINESS_TRAEFIK" : "READINESS_CA", `${what}: ${id === "traefik" ? "the stacks are" : "the certificates are"} not deployed until it does`));
  }
  return { findings, ...(holdStacks ? { holdStacks } : {}), ...(holdCertificates ? { holdCertificates } : {}) };
}

function portOf(guest: Guest, fallback: number): number {
  return guest.traefikService?.port ?? fallback;
}

function finding(code: string, message: string): Diagnostic {
  return { severity: "warning", code, stage: "plan", message, hint: "check the component, or turn the check off under readiness: in .github/phoenix.yml" };
}
