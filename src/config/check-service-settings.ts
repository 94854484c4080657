import type { ComposeProject } from "../compose/types.js";
import type { Diagnostic } from "../errors.js";
import type { EnvironmentDraft } from "./stack-draft.js";
import { diagnosticAtOrigin } from "./origin.js";

/**
 * Settings under an environment's `services` must name a service of the
 * compose file: labels for a misspelt service would reach no service, and
 * its route would silently never appear.
 */
export function checkServiceSettings(environment: EnvironmentDraft, project: ComposeProject, composeFile: string): Diagnostic[] {
  if (environment.services.size === 0) return [];
  const defined = project.services.map((s) => s.name);
  return [...environment.services]
    .filter(([name]) => !defined.includes(name))
    .map(([name, settings]) =>
      diagnosticAtOrigin(settings.origin, {
        code: "CONFIG_UNKNOWN_SERVICE",
        message: `unknown service "${name}" (services in ${composeFile}: ${defined.join(", ") || "none"})`,
      }),
    );
}
