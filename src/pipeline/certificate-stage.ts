import { readFile } from "node:fs/promises";
import path from "node:path";
import type { DesiredState } from "../config/desired-state.js";
import { locate, parseJsonDocument } from "../config/json-document.js";
import type { FileTree } from "../source/file-tree.js";
import { CERTIFICATE_MANIFEST_FILE, checkCertificateManifest } from "../certs/certificate-spec.js";
import type { Diagnostic } from "../errors.js";
import type { Logger } from "../logger.js";
import { readHypervisorAddress } from "../infra/config-fields.js";
import { reloadWithCommand } from "../infra/targets/daemon-steps.js";
import { createLxcTransport } from "../infra/targets/lxc-transport.js";
import { createSshTransport } from "../infra/targets/ssh-transport.js";
import { loadCaRoot, type CaRoot } from "../certs/ca-root.js";
import type { ChallengeSolver } from "../certs/acme/challenge-solver.js";
import { createDns01Solver } from "../certs/challenges/dns01-solver.js";
import { createHttp01Solver } from "../certs/challenges/http01-solver.js";
import { describeError } from "../certs/certificate-error.js";
import { createCertificateTargets, type CertificateTargets, type CertificateTransports } from "../certs/certificate-targets.js";
import { createMemoryBackoffStore, type BackoffStore } from "../certs/issuance-backoff.js";
import { installCaRoot, listTrustHolders, type TrustInstallResult } from "../certs/install-ca-root.js";
import { planCertificates, type PlannedCertificate } from "../certs/plan-certificates.js";
import { syncCertificates, type CertificateSyncResult } from "../certs/sync-certificates.js";
import { parseNameserver, type CertificateSettings } from "../settings/certificate-settings.js";
import { REPO_SETTINGS_FILE, type RepoSettings } from "../settings/repo-settings.js";
import { openTarget } from "./infra-deployments.js";

/** What the certificates stage needs besides the config: the clock, the backoff memory, the transports (tests swap in stand-ins). */
export interface CertificateStageOptions {
  readonly logger: Logger;
  readonly now?: () => Date;
  readonly backoff?: BackoffStore;
  readonly transports?: CertificateTransports;
  /** The state whose paths, guests and DNS address are used (the trusted ref's for a pull request). */
  readonly placementState?: DesiredState;
  readonly readTargets?: boolean;
}

export interface CertificateStagePlan {
  readonly settings: CertificateSettings;
  readonly planned: readonly PlannedCertificate[];
  readonly caRoot: CaRoot | undefined;
  /** A CA root that could not be loaded is a warning: certificates are still planned and issued, without the issuer check. */
  readonly diagnostics: readonly Diagnostic[];
  readonly targets: CertificateTargets;
}

const memoryBackoff = createMemoryBackoffStore();
const REAL_TRANSPORTS: CertificateTransports = { lxc: createLxcTransport, ssh: createSshTransport };

/** Plans every certificate of the manifest; undefined when the repo manages none (`certificates:` absent). */
export async function planCertificateStage(state: DesiredState, settings: RepoSettings, options: CertificateStageOptions): Promise<CertificateStagePlan | undefined> {
  const certificates = settings.certificates;
  if (certificates === undefined) return undefined;
  const diagnostics: Diagnostic[] = [];
  const caRoot = await loadCaRoot(certificates).catch((err: unknown) => {
    diagnostics.push({ severity: "warning", code: "CERT_CA_ROOT_UNAVAILABLE", stage: "plan", file: REPO_SETTINGS_FILE, path: "certificates.caRoot", message: describeError(err) });
    return undefined;
  });
  const targets = createCertificateTargets(certificates, options.transports);
  const planned = await planCertificates({
    state,
    settings: certificates,
    placementState: options.placementState ?? state,
    targets,
    now: (options.now ?? (() => new Date()))(),
    caRoot,
    backoff: options.backoff ?? memoryBackoff,
    readTargets: options.readTargets ?? true,
  });
  return { settings: certificates, planned, caRoot, diagnostics, targets };
}

export interface CertificateStageResult {
  readonly certificates: readonly CertificateSyncResult[];
  readonly trust: readonly TrustInstallResult[];
}

/**
 * Applies a certificate plan: the CA root into every trust store that lacks
 * it, then each certificate (issue, install, reload, check). `force` names
 * certificates to reissue now whatever their status.
 */
export async function applyCertificateStage(
  stage: CertificateStagePlan,
  state: DesiredState,
  settings: RepoSettings,
  options: CertificateStageOptions & { allowRepoCommands: boolean; force?: ReadonlySet<string>; only?: ReadonlySet<string>; installTrust?: boolean },
): Promise<CertificateStageResult> {
  const certificates = stage.settings;
  const placementState = options.placementState ?? state;
  const root = options.installTrust === false ? undefined : stage.caRoot;
  const holders = listTrustHolders(placementState).filter((h) => certificates.trustGuests || h.kind === "host");
  const trust = root ? await installCaRoot({ root, holders, targets: stage.targets, settings: certificates, allowRepoCommands: options.allowRepoCommands, log: options.logger }) : [];
  const directoryTrust = certificates.directoryTrust === undefined ? undefined : await readFile(certificates.directoryTrust, "utf8").catch(() => undefined);
  const planned = options.only === undefined ? stage.planned : stage.planned.filter((p) => options.only?.has(p.spec.commonName));
  const results = await syncCertificates(
    planned,
    {
      settings: certificates,
      targets: stage.targets,
      solver: createSolver(placementState, settings, options),
      directoryTrust,
      caRoot: stage.caRoot,
      backoff: options.backoff ?? memoryBackoff,
      now: options.now ?? (() => new Date()),
      nameserver: resolveNameserver(certificates, placementState),
      allowRepoCommands: options.allowRepoCommands,
      log: options.logger,
    },
    options.force === undefined ? {} : { force: options.force },
  );
  return { certificates: results, trust };
}

/** The settings' nameserver, else the hypervisor's address (where the managed dnsmasq listens), port 53. */
export function resolveNameserver(settings: CertificateSettings, state: DesiredState): { host: string; port: number } | undefined {
  if (settings.dnsNameserver !== undefined) return parseNameserver(settings.dnsNameserver);
  const address = readHypervisorAddress(state);
  return address === undefined ? undefined : { host: address, port: 53 };
}

/** DNS-01 through the DNS target's dnsmasq, HTTP-01 through the NGINX target's webroot. */
function createSolver(state: DesiredState, settings: RepoSettings, options: CertificateStageOptions): ChallengeSolver | { unavailable: string } {
  const certificates = settings.certificates as CertificateSettings;
  const transports = options.transports;
  if (certificates.challenge === "dns-01") {
    const dns = settings.infra.targets.dns;
    if (dns.kind === "none") return { unavailable: "DNS-01 writes its TXT records through infra.targets.dns, which is none: set the DNS target, or certificates.challenge: http-01" };
    const target = openTarget(state, "dns", dns, transports ?? REAL_TRANSPORTS);
    if (target === undefined) return { unavailable: "the DNS target's container is not known" };
    return createDns01Solver({
      target,
      confDir: path.posix.join(dns.path, "dnsmasq.d"),
      // dnsmasq reads txt-record= lines at start only: the DNS output's own restart.
      reload: reloadWithCommand(dns.reload ?? ["systemctl", "restart", "dnsmasq"]),
      nameserver: resolveNameserver(certificates, state),
      log: options.logger,
    });
  }
  const nginx = settings.infra.targets.nginx;
  if (nginx.kind === "none") return { unavailable: "HTTP-01 is served by the NGINX gateway, whose target is none: set infra.targets.nginx, or certificates.challenge: dns-01" };
  const target = openTarget(state, "nginx", nginx, transports ?? REAL_TRANSPORTS);
  if (target === undefined) return { unavailable: "no NGINX gateway guest and no ctid for infra.targets.nginx" };
  return createHttp01Solver({ target, webroot: certificates.http01Webroot });
}


/** `certificate/<name>` steps of a plan: DNS-01 issues after DNS and the firewall; HTTP-01 needs the gateway, so it issues after NGINX, a missing pair bootstrapped before it. */
export function orderCertificateSteps(stage: CertificateStagePlan | undefined): { early: PlanStepLike[]; beforeGateway: PlanStepLike[]; afterGateway: PlanStepLike[] } {
  const steps = { early: [] as PlanStepLike[], beforeGateway: [] as PlanStepLike[], afterGateway: [] as PlanStepLike[] };
  if (stage === undefined) return steps;
  for (const { state } of stage.planned) {
    if (state.action === "none") continue;
    const unit = `${CERTIFICATE_UNIT}/${state.commonName}`;
    if (stage.settings.challenge === "dns-01" || state.action === "fix-permissions") steps.early.push({ unit, action: state.action });
    else {
      if (state.status === "missing") steps.beforeGateway.push({ unit, action: "bootstrap" });
      steps.afterGateway.push({ unit, action: state.action });
    }
  }
  return steps;
}

export const CERTIFICATE_UNIT = "certificate";

interface PlanStepLike {
  readonly unit: string;
  readonly action: string;
}

/**
 * The manifest × settings checks (`checkCertificateManifest`), positioned
 * at their `file:line:column` in the manifest as every config error is.
 */
export async function checkCertificateConfig(tree: FileTree, state: DesiredState, settings: RepoSettings): Promise<Diagnostic[]> {
  const found = checkCertificateManifest(state, settings.certificates);
  if (found.length === 0) return found;
  const text = await tree.readText(CERTIFICATE_MANIFEST_FILE);
  const doc = text === undefined ? undefined : parseJsonDocument(CERTIFICATE_MANIFEST_FILE, text).doc;
  if (doc === undefined) return found;
  return found.map((d) => (d.path === undefined ? d : { ...d, ...locate(doc, parseManifestPath(d.path)) }));
}

/** `[0].sans` → `[0, "sans"]`. */
function parseManifestPath(path: string): (string | number)[] {
  return [...path.matchAll(/\[(\d+)\]|\.?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => (m[1] !== undefined ? Number(m[1]) : (m[2] as string)));
}
