import type { RepoSettings } from "./repo-settings.js";

export type ReadinessCheckId = "dns" | "traefik" | "ca";

/**
 * Which readiness checks a plan runs: the setting when given; else DNS and
 * Traefik only when Phoenix manages their daemon here (their target is not
 * `none` and Phoenix runs its own daemon steps, no `reload` of the repo's),
 * and the CA never (no certificates stage deploys it by default).
 */
export function listReadinessChecks(settings: RepoSettings): Readonly<Record<ReadinessCheckId, boolean>> {
  const managed = (output: "dns" | "traefik") => {
    const target = settings.infra.targets[output];
    return target.kind !== "none" && target.reload === undefined;
  };
  return {
    dns: settings.readiness.dns ?? managed("dns"),
    traefik: settings.readiness.traefik ?? managed("traefik"),
    ca: settings.readiness.ca ?? false,
  };
}
