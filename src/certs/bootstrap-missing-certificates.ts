import type { Logger } from "../logger.js";
import { makePlaceholderPair } from "./bootstrap-certificate.js";
import { describeError } from "./certificate-error.js";
import type { CertificateTargets } from "./certificate-targets.js";
import { installCertificatePair } from "./install-certificate-pair.js";
import type { PlannedCertificate } from "./plan-certificates.js";

export interface BootstrapResult {
  readonly commonName: string;
  readonly outcome: "bootstrapped" | "failed";
  readonly error?: string;
}

/**
 * Writes a self-signed placeholder where a certificate is missing, with the
 * manifest's owner and mode, so that the gateway site passes `nginx -t` and
 * serves the HTTP-01 path before the first issuance replaces it.
 */
export async function bootstrapMissingCertificates(planned: readonly PlannedCertificate[], targets: CertificateTargets, log: Logger): Promise<BootstrapResult[]> {
  const results: BootstrapResult[] = [];
  for (const { spec, state } of planned) {
    if (state.status !== "missing" || spec.placement === undefined) continue;
    const target = targets.forHolder(spec.placement.holder);
    if ("unreachable" in target) {
      results.push({ commonName: spec.commonName, outcome: "failed", error: target.unreachable });
      continue;
    }
    try {
      await installCertificatePair(target, spec.placement, await makePlaceholderPair(spec.names, spec.keyAlgorithm), log);
      results.push({ commonName: spec.commonName, outcome: "bootstrapped" });
    } catch (err) {
      results.push({ commonName: spec.commonName, outcome: "failed", error: describeError(err) });
    }
    log.info({ certificate: spec.commonName, outcome: results.at(-1)?.outcome }, "certificate bootstrapped");
  }
  return results;
}
