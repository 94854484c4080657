import path from "node:path";
import type { DesiredState } from "../config/desired-state.js";
import type { Logger } from "../logger.js";
import type { CertificateSettings } from "../settings/certificate-settings.js";
import type { CaRoot } from "./ca-root.js";
import { describeError } from "./certificate-error.js";
import { describeHolder, type CertificateHolder } from "./certificate-spec.js";
import type { CertificateTargets } from "./certificate-targets.js";

/** The file name in each trust store: update-ca-certificates reads `*.crt`. */
export const CA_ROOT_FILE = "phoenix-ca-root.crt";
const DEFAULT_UPDATE = ["update-ca-certificates"] as const;

export interface TrustInstallResult {
  /** `host`, `lxc 101`, `vm 1001`. */
  readonly holder: string;
  readonly outcome: "installed" | "unchanged" | "failed" | "skipped";
  readonly error?: string;
}

/** The machines that trust the internal CA: the host (as the bash tooling's first step) and every guest with `trusted_ca`. */
export function listTrustHolders(state: DesiredState): CertificateHolder[] {
  const guests = state.guests.filter((g) => g.features.includes("trusted_ca") && !g.isTemplate);
  return [{ kind: "host" }, ...guests.map((g): CertificateHolder => (g.kind === "vm" ? { kind: "vm", vmid: g.id } : { kind: "lxc", ctid: g.id }))];
}

/**
 * Puts the CA root into each holder's trust store (`trustStoreDir` +
 * `update-ca-certificates`, or the settings' own command), only where it is
 * not there already: an unchanged store is read, never written.
 */
export async function installCaRoot(p: {
  root: CaRoot;
  holders: readonly CertificateHolder[];
  targets: CertificateTargets;
  settings: CertificateSettings;
  allowRepoCommands: boolean;
  dryRun?: boolean;
  log: Logger;
}): Promise<TrustInstallResult[]> {
  const file = path.posix.join(p.settings.trustStoreDir, CA_ROOT_FILE);
  const update = p.settings.trustStoreUpdate ?? DEFAULT_UPDATE;
  const results: TrustInstallResult[] = [];
  for (const holder of p.holders) {
    const name = describeHolder(holder);
    const target = p.targets.forHolder(holder);
    if ("unreachable" in target) {
      results.push({ holder: name, outcome: "skipped", error: target.unreachable });
      continue;
    }
    try {
      const current = await target.read(file);
      if (current.type === "file" && current.content === p.root.pem) {
        results.push({ holder: name, outcome: "unchanged" });
        continue;
      }
      if (p.dryRun) {
        results.push({ holder: name, outcome: "skipped", error: "dry run" });
        continue;
      }
      if (p.settings.trustStoreUpdate !== undefined && !p.allowRepoCommands) throw new Error("not installed: the operator policy refuses the repo's trustStoreUpdate command");
      await target.writeFile(file, p.root.pem, 0o644);
      const r = await target.run(update);
      if (r.exitCode !== 0) throw new Error(`${update.join(" ")} exited ${r.exitCode}: ${(r.stderr || r.stdout).trim().slice(-300)}`);
      results.push({ holder: name, outcome: "installed" });
    } catch (err) {
      results.push({ holder: name, outcome: "failed", error: describeError(err) });
    }
    p.log.info({ holder: name, outcome: results.at(-1)?.outcome, fingerprint: p.root.fingerprint }, "ca root trust synced");
  }
  return results;
}
