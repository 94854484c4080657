import type { RepoSettings } from "../settings/repo-settings.js";

/**
 * The settings an untrusted tree is planned with: its own for what only
 * shapes the plan (environment, namespace, prune, waits), the trusted ref's
 * for everything that executes or connects (the Swarm endpoint, every infra
 * target, the readiness checks). Secret patterns are the union of both: a pull request can add
 * patterns to hide more, never remove one to reveal a value.
 */
export function applyTrustedSettings(planned: RepoSettings, trusted: RepoSettings): RepoSettings {
  const patterns = [...new Set([...trusted.secrets.variablePatterns, ...planned.secrets.variablePatterns])];
  return {
    ...planned,
    swarm: withEndpoint(planned.swarm, trusted.swarm.endpoint),
    infra: trusted.infra,
    // Whether the plan connects to DNS, Traefik and the CA is the trusted ref's decision too.
    readiness: trusted.readiness,
    secrets: { ...planned.secrets, variablePatterns: patterns },
  };
}

function withEndpoint(swarm: RepoSettings["swarm"], endpoint: string | undefined): RepoSettings["swarm"] {
  const { endpoint: _untrusted, ...rest } = swarm;
  return endpoint === undefined ? rest : { ...rest, endpoint };
}
