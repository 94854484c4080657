import type { ComposeProject, ComposeService } from "../compose-project.js";
import type { ComposeCompat } from "../types.js";
import { compareGoStrings } from "../../go/sort.js";
import { mergeService } from "./merge-service.js";

/** Top-level definitions: an override's definition replaces the base's wholesale. */
function replaceByName<T>(base: Readonly<Record<string, T>>, override: Readonly<Record<string, T>>): Record<string, T> {
  return Object.fromEntries(new Map([...Object.entries(base), ...Object.entries(override)]));
}

function mergeServices(base: readonly ComposeService[], override: readonly ComposeService[], compat: ComposeCompat): ComposeService[] {
  const byName = new Map(base.map((service) => [service.name, service]));
  for (const service of override) {
    const current = byName.get(service.name);
    byName.set(service.name, current ? mergeService(current, service, compat) : service);
  }
  return [...byName.values()].sort((a, b) => compareGoStrings(a.name, b.name));
}

/**
 * `loader.merge`: files folded left to right. Only services and the four
 * top-level sections are merged; version and top-level `x-*` come from the
 * first file.
 */
export function mergeProjects(projects: readonly ComposeProject[], compat: ComposeCompat): ComposeProject | undefined {
  const [first, ...rest] = projects;
  if (!first) return undefined;
  return rest.reduce<ComposeProject>(
    (base, override) => ({
      ...base,
      services: mergeServices(base.services, override.services, compat),
      volumes: replaceByName(base.volumes, override.volumes),
      networks: replaceByName(base.networks, override.networks),
      secrets: replaceByName(base.secrets, override.secrets),
      configs: replaceByName(base.configs, override.configs),
    }),
    first,
  );
}
