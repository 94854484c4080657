import { homedir } from "node:os";
import path from "node:path";
import type { CertificateState } from "../../certs/certificate-status.js";
import { createFileBackoffStore, type BackoffStore } from "../../certs/issuance-backoff.js";
import type { CertificateSyncResult } from "../../certs/sync-certificates.js";
import type { TrustInstallResult } from "../../certs/install-ca-root.js";
import { openConfigSource } from "../../pipeline/open-config-source.js";
import { renewDueCertificates, runCertificates, type CertificateRun } from "../../pipeline/run-certificates.js";
import { toCertificateJson } from "../../report/certificate-plan-sections.js";
import { readOperatorPolicy } from "../../trust/operator-policy.js";
import { ExitCode } from "../exit-codes.js";
import { createCliLogger, printDiagnostics } from "../pipeline-options.js";
import { checkSourceFlags } from "../source-options.js";
import { renderTable } from "../stack/render-table.js";

export interface CertsFlags {
  readonly dir?: string;
  readonly repo?: string;
  readonly ref?: string;
  readonly json?: boolean;
}

/** Where failed issuances are remembered between CLI runs: the operator's state directory, never the config repo. */
export function openCliBackoffStore(env: NodeJS.ProcessEnv = process.env): BackoffStore {
  const dir = env.PHOENIX_STATE_DIR ?? path.join(env.XDG_STATE_HOME ?? path.join(homedir(), ".local", "state"), "phoenix");
  return createFileBackoffStore(path.join(dir, "certificate-backoff.json"));
}

/** `phoenix certs`: 0 when every certificate is valid, 2 when any is not, 1 on an error. */
export async function runCertsCommand(flags: CertsFlags): Promise<number> {
  const run = await runCertificates(await openInput(flags));
  printDiagnostics(run.diagnostics.filter((d) => d.severity === "error" || !flags.json));
  if (run.diagnostics.some((d) => d.severity === "error")) return ExitCode.error;
  if (!run.managed) {
    process.stderr.write("no certificates: .github/phoenix.yml has no certificates: section, so Phoenix manages none (docs/settings.md#certificates)\n");
    return ExitCode.error;
  }
  if (flags.json) process.stdout.write(JSON.stringify({ certificates: run.certificates.map(toCertificateJson) }, null, 2) + "\n");
  else process.stdout.write(renderCertificates(run.certificates));
  return run.certificates.every((c) => c.status === "valid") ? ExitCode.ok : ExitCode.changes;
}

/** `phoenix certs renew NAME`: issues that certificate now; 0 when it was issued, installed, reloaded and is served. */
export async function runCertsRenewCommand(name: string, flags: CertsFlags): Promise<number> {
  const input = await openInput(flags);
  const known = await runCertificates(input);
  if (known.diagnostics.some((d) => d.severity === "error") || !known.managed) return runCertsCommand(flags);
  const commonName = name.trim().toLowerCase();
  if (!known.certificates.some((c) => c.commonName === commonName)) {
    process.stderr.write(`no certificate ${JSON.stringify(name)} in etc/certificate-manifest.json (it has ${known.certificates.map((c) => c.commonName).join(", ") || "none"})\n`);
    return ExitCode.error;
  }
  // One certificate, now: the trust stores are sync's business.
  const run = await renewDueCertificates({ ...input, force: [commonName], only: [commonName], installTrust: false });
  printDiagnostics(run.diagnostics.filter((d) => d.severity === "error" || !flags.json));
  const results = run.result?.certificates ?? [];
  if (flags.json) process.stdout.write(JSON.stringify({ ok: run.ok, certificates: results, trust: run.result?.trust ?? [] }, null, 2) + "\n");
  else process.stdout.write(describeResults(results, run.result?.trust ?? []));
  return run.ok && results.every((r) => r.outcome === "issued") ? ExitCode.ok : ExitCode.error;
}

async function openInput(flags: CertsFlags) {
  checkSourceFlags(flags);
  const logger = createCliLogger();
  const { tree } = await openConfigSource({ ...(flags.dir ? { dir: flags.dir } : {}), ...(flags.repo ? { repo: flags.repo } : {}), ...(flags.ref ? { ref: flags.ref } : {}) }, logger);
  return { tree, logger, policy: readOperatorPolicy(process.env, "cli"), backoff: openCliBackoffStore() };
}

function renderCertificates(certificates: CertificateRun["certificates"]): string {
  if (certificates.length === 0) return "no certificates in etc/certificate-manifest.json\n";
  const rows = certificates.map((c: CertificateState) => [c.status.toUpperCase(), c.commonName, c.holder ?? "-", c.notAfter ?? "-", c.reason]);
  return renderTable(["STATUS", "NAME", "WHERE", "NOT AFTER", "REASON"], rows);
}

/** One line per certificate and trust store that was acted on: `nginx.internal.example.test (host): issued`. */
export function describeResults(results: readonly CertificateSyncResult[], trust: readonly TrustInstallResult[]): string {
  const lines = [
    ...results.map((r) => `certificate ${r.commonName}${r.holder ? ` (${r.holder})` : ""}: ${r.outcome}${r.notAfter ? `, valid until ${r.notAfter}` : ""}${r.error ? ` (${r.error})` : ""}`),
    ...trust.filter((t) => t.outcome !== "unchanged").map((t) => `ca root in ${t.holder}: ${t.outcome}${t.error ? ` (${t.error})` : ""}`),
  ];
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}
