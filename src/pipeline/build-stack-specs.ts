import type { DesiredState } from "../config/desired-state.js";
import type { Diagnostic } from "../errors.js";
import type { FileTree } from "../source/file-tree.js";
import type { RepoSettings } from "../settings/repo-settings.js";
import { resolveStackNamespace } from "../settings/stack-namespace.js";
import { convertStack } from "../compose/convert/convert-stack.js";
import { createObjectMemo } from "../freeze-deep.js";
import { injectStackEnvironment } from "./inject-stack-environment.js";
import type { DesiredStack } from "./desired-stack.js";
import { diagnosticAtOrigin } from "../config/origin.js";
import { locateConversionError } from "./locate-swarm-refusals.js";

/**
 * Every assigned (stack, environment) converted to a StackSpec, with the
 * environment's Traefik labels and files injected. Mounted files are read here,
 * at load time, so nothing after this reads the repo.
 */
export async function buildStackSpecs(
  state: DesiredState,
  settings: RepoSettings,
  tree: FileTree,
): Promise<{ stacks: DesiredStack[]; diagnostics: Diagnostic[] }> {
  const stacks: DesiredStack[] = [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Map<string, string>();
  const built = new Map<string, DesiredStack>();
  // A stack assigned in one environment on several VMs is one deployment, placed on all of them.
  for (const assignment of state.assignments) {
    const deployment = `${assignment.stack}\u0000${assignment.environment}`;
    const earlier = built.get(deployment);
    if (earlier !== undefined) {
      const vmids = earlier.vmids.includes(assignment.vmid) ? earlier.vmids : [...earlier.vmids, assignment.vmid];
      const next = { ...earlier, vmids };
      built.set(deployment, next);
      stacks[stacks.indexOf(earlier)] = next;
      continue;
    }
    const stack = state.stacks.get(assignment.stack);
    const env = stack?.environments.get(assignment.environment);
    const project = env?.compose;
    if (!stack) continue;
    if (!project) {
      // A load error for this compose project is already reported; a stack without environments has none to deploy.
      if (stack.environments.size === 0)
        diagnostics.push(
          diagnosticAtOrigin(assignment.origin, {
            stage: "plan",
            code: "PLAN_STACK_WITHOUT_ENVIRONMENT",
            message: `stack ${stack.name} defines no environments, so it has nothing to deploy in ${assignment.environment}`,
            hint: `add "environments": { "${assignment.environment}": {} } to stacks/${stack.name}/phoenix.json`,
          }),
        );
      continue;
    }
    const namespace = resolveStackNamespace(settings.stackNamespace, { stack: stack.name, environment: assignment.environment });
    const previous = seen.get(namespace);
    if (previous !== undefined) {
      diagnostics.push(
        diagnosticAtOrigin(assignment.origin, {
          stage: "plan",
          code: "PLAN_NAMESPACE_COLLISION",
          message: `stack ${stack.name} in environment ${assignment.environment} would be deployed as "${namespace}", like ${previous}`,
          hint: 'put {env} in stackNamespace of .github/phoenix.yml, e.g. "{env}_{stack}"',
        }),
      );
      continue;
    }
    seen.set(namespace, `${stack.name} in environment ${assignment.environment}`);
    const converted = convertStackRemembered(project, namespace);
    for (const d of converted.diagnostics) diagnostics.push(await locateConversionError(tree, stack.composeFiles, { ...d, file: d.file ?? stack.composeFiles[0] }));
    let spec = converted.spec;
    if (env) {
      // Files that live on the hypervisor only were reported at load; Phoenix cannot mount what it cannot read.
      const files = env.files.filter((f) => f.repoPath !== undefined);
      const contents = new Map<string, Uint8Array>();
      for (const file of files) {
        const bytes = await tree.readBytes(file.repoPath!);
        if (bytes !== undefined) contents.set(file.source, bytes);
      }
      // A service that failed to convert is reported once: its labels have nowhere to go.
      const services = new Map([...env.services].filter(([name]) => !converted.failedServices.includes(name)));
      const injected = injectStackEnvironment(spec, { files, services }, contents);
      diagnostics.push(...injected.diagnostics.map((d) => ({ ...d, file: d.file ?? stack.origin.file })));
      spec = injected.spec;
    }
    const desired: DesiredStack = { stack: stack.name, environment: assignment.environment, namespace, vmids: [assignment.vmid], placement: stack.placement, spec };
    built.set(deployment, desired);
    stacks.push(desired);
  }
  return { stacks, diagnostics };
}


/**
 * `convertStack`, kept per compose project object and namespace. A project
 * that did not change is the very object the compose-load cache kept (and
 * froze), so a long-running app converts only the stacks a commit changed.
 */
const rememberConversion = createObjectMemo<object, ReturnType<typeof convertStack>>();

function convertStackRemembered(project: Parameters<typeof convertStack>[0], namespace: string): ReturnType<typeof convertStack> {
  if (!Object.isFrozen(project)) return convertStack(project, namespace);
  return rememberConversion(project, namespace, () => convertStack(project, namespace));
}
