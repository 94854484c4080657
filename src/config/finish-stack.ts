import type { ComposeProject } from "../compose/types.js";
import type { Stack, StackEnvironment } from "./desired-state.js";
import type { StackDraft } from "./stack-draft.js";

/** The immutable Stack of the desired state, with each environment's compose project. */
export function finishStack(draft: StackDraft, projects: ReadonlyMap<string, ComposeProject | undefined> | undefined): Stack {
  const environments = new Map<string, StackEnvironment>();
  for (const [name, env] of draft.environments)
    environments.set(name, {
      name,
      variables: env.variables,
      files: env.files,
      services: new Map([...env.services].map(([service, s]) => [service, { traefikLabels: s.traefikLabels }])),
      firewallRules: env.firewallRules,
      compose: projects?.get(name),
    });
  return {
    name: draft.name,
    dir: draft.dir,
    description: draft.description,
    composeFiles: draft.composeInputs.map((f) => f.path),
    environments,
    origin: draft.origin,
    placement: draft.placement,
    dependsOn: draft.dependsOn,
  };
}
