import type { InfraOutputKind } from "../plan/plan.js";
import { analyzeGuestImpact } from "./analyze-guest-impact.js";
import { analyzeInfraImpact } from "./analyze-infra-impact.js";
import { analyzeStackImpact } from "./analyze-stack-impact.js";
import { classifyChangedPaths } from "./classify-changed-paths.js";
import type { Impact, ImpactInput } from "./impact.js";

const INFRA_ORDER: readonly InfraOutputKind[] = ["dns", "firewall", "traefik", "nginx", "certificates"];

/**
 * Changed paths → affected units. The paths decide which units are compared
 * at all (a change under `stacks/a/` cannot touch stack `b`); the loaded,
 * typed values decide whether a compared unit really changed, so reordered
 * keys, whitespace and fields nothing consumes are no change.
 */
export function analyzeImpact(input: ImpactInput): Impact {
  const areas = classifyChangedPaths(input.changedPaths, input.before !== undefined);
  const infra = analyzeInfraImpact(areas, input.before, input.after);
  return {
    stacks: analyzeStackImpact(areas, input.before, input.after),
    infra: [...infra].sort((a, b) => INFRA_ORDER.indexOf(a.output) - INFRA_ORDER.indexOf(b.output)),
    guests: analyzeGuestImpact(areas, input.before, input.after),
    settingsChanged: areas.settings,
  };
}
