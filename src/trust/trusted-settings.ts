import type { RepoSettings } from "../settings/repo-settings.js";
import { PLAN_SHAPING_CERTIFICATE_KEYS, type CertificateSettings } from "../settings/certificate-settings.js";

/**
 * The settings an untrusted tree is planned with: its own for what only
 * shapes the plan (environment, namespace, prune, waits), the trusted ref's
 * for everything that executes or connects (the Swarm endpoint and joins, every infra
 * target, the readiness checks, how certificates are issued and installed:
 * only their renewal window and key type come from the tree, and only when
 * the trusted ref manages certificates at all). Secret patterns are the union of both: a pull request can add
 * patterns to hide more, never remove one to reveal a value.
 */
export function applyTrustedSettings(planned: RepoSettings, trusted: RepoSettings): RepoSettings {
  const patterns = [...new Set([...trusted.secrets.variablePatterns, ...planned.secrets.variablePatterns])];
  const { certificates: _untrustedCertificates, ...shaped } = planned;
  return {
    ...shaped,
    // Whether and how VMs are joined over ssh is the trusted ref's, as the endpoint is.
    swarm: { ...withEndpoint(planned.swarm, trusted.swarm.endpoint), join: trusted.swarm.join },
    infra: trusted.infra,
    // Whether the plan connects to DNS, Traefik and the CA is the trusted ref's decision too.
    readiness: trusted.readiness,
    secrets: { ...planned.secrets, variablePatterns: patterns },
    ...withCertificates(planned.certificates, trusted.certificates),
  };
}

function withCertificates(planned: CertificateSettings | undefined, trusted: CertificateSettings | undefined): { certificates?: CertificateSettings } {
  if (trusted === undefined) return {};
  if (planned === undefined) return { certificates: trusted };
  const shaping = Object.fromEntries(PLAN_SHAPING_CERTIFICATE_KEYS.filter((k) => planned[k] !== undefined).map((k) => [k, planned[k]]));
  const fromTrusted = Object.fromEntries(Object.entries(trusted).filter(([k]) => !(PLAN_SHAPING_CERTIFICATE_KEYS as readonly string[]).includes(k)));
  return { certificates: { ...fromTrusted, ...shaping } as CertificateSettings };
}

function withEndpoint(swarm: RepoSettings["swarm"], endpoint: string | undefined): RepoSettings["swarm"] {
  const { endpoint: _untrusted, ...rest } = swarm;
  return endpoint === undefined ? rest : { ...rest, endpoint };
}
