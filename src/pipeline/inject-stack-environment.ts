/**
 * Applies a Phoenix stack environment to a converted stack (pure):
 *
 * - each service's `traefik_labels` become **service** labels (Spec.Labels,
 *   compose `deploy.labels`): Traefik's swarm provider reads the labels of
 *   the service, never those of its containers;
 * - each environment file becomes a Swarm config `<stack>_<file name>`
 *   (labelled with the namespace) mounted into every service at its
 *   `target`, like a compose `configs:` reference with default uid/gid/mode.
 *
 * Variables are not handled here: the loader already interpolated with them.
 */
import type { Diagnostic } from "../errors.js";
import type { StackEnvironment, StackFile } from "../config/desired-state.js";
import type { ConfigReference, ServiceSpec } from "../engine/engine-service-spec.js";
import type { ConfigSpec, StackSpec } from "../engine/stack-spec.js";
import { NAMESPACE_LABEL, IMAGE_LABEL } from "../engine/stack-labels.js";
import { addStackLabel, scopeName } from "../compose/convert/namespace.js";
import { compareGoStrings } from "../go/sort.js";

export interface InjectStackEnvironmentResult {
  readonly spec: StackSpec;
  readonly diagnostics: readonly Diagnostic[];
}

/** The file name of `source`, with characters a Swarm object name cannot hold replaced by `-`. */
export function deriveFileConfigKey(file: StackFile): string {
  const base = file.source.split(/[\\/]/).filter((part) => part !== "").pop() ?? "file";
  return base.replace(/[^A-Za-z0-9_.-]/g, "-");
}

/** `key=value` → [key, value]; a bare key is an empty value, as compose's list form of labels. */
function parseLabel(label: string): [string, string] {
  const eq = label.indexOf("=");
  return eq === -1 ? [label, ""] : [label.slice(0, eq), label.slice(eq + 1)];
}

function error(code: string, message: string): Diagnostic {
  return { severity: "error", code, stage: "plan", message };
}

/**
 * `contents` holds the bytes of each environment file by its `source` (read by
 * the caller, so that this stays free of I/O).
 */
export function injectStackEnvironment(
  spec: StackSpec,
  env: Pick<StackEnvironment, "files" | "services">,
  contents: ReadonlyMap<string, Uint8Array>,
): InjectStackEnvironmentResult {
  const diagnostics: Diagnostic[] = [];
  const stack = spec.name;
  const byName = new Map(spec.services.map((service) => [service.Name, service]));
  for (const key of env.services.keys()) {
    if (!byName.has(scopeName(stack, key))) {
      diagnostics.push(error("STACK_ENV_UNKNOWN_SERVICE", `traefik_labels for service ${key}, which the compose file of stack ${stack} does not define`));
    }
  }

  const fileConfigs: ConfigSpec[] = [];
  const fileRefs: ConfigReference[] = [];
  for (const file of env.files) {
    const data = contents.get(file.source);
    const name = scopeName(stack, deriveFileConfigKey(file));
    if (data === undefined) {
      diagnostics.push(error("STACK_ENV_FILE_MISSING", `file ${file.source} of stack ${stack} could not be read`));
      continue;
    }
    if (fileConfigs.some((config) => config.Name === name) || spec.configs.some((config) => config.Name === name)) {
      diagnostics.push(error("STACK_ENV_FILE_NAME", `file ${file.source} would become config ${name}, which already exists in stack ${stack}`));
      continue;
    }
    fileConfigs.push({ Name: name, Labels: addStackLabel(stack, {}), Data: Buffer.from(data).toString("base64") });
    fileRefs.push({ File: { Name: file.target, UID: "0", GID: "0", Mode: 0o444 }, ConfigName: name });
  }

  const services = spec.services.map((service) => {
    const key = service.Name.slice(stack.length + 1);
    const labels = env.services.get(key)?.traefikLabels ?? [];
    return injectIntoService(service, labels.map(parseLabel), fileRefs, stack, diagnostics);
  });
  return {
    spec: { ...spec, configs: [...spec.configs, ...fileConfigs].sort((a, b) => compareGoStrings(a.Name, b.Name)), services },
    diagnostics,
  };
}

function injectIntoService(
  service: ServiceSpec,
  labels: readonly [string, string][],
  fileRefs: readonly ConfigReference[],
  stack: string,
  diagnostics: Diagnostic[],
): ServiceSpec {
  const container = service.TaskTemplate.ContainerSpec;
  const existing = container?.Configs ?? [];
  const targets = new Set(existing.map((ref) => ref.File?.Name ?? ""));
  const added = fileRefs.filter((ref) => {
    if (!targets.has(ref.File?.Name ?? "")) return true;
    diagnostics.push(error("STACK_ENV_FILE_TARGET", `service ${service.Name}: duplicate config target for ${ref.ConfigName} not allowed`));
    return false;
  });
  const configs = [...existing, ...added].sort((a, b) => compareGoStrings(a.ConfigName, b.ConfigName));
  // The stack's own labels stay authoritative, as AddStackLabel makes them for compose labels.
  const serviceLabels = {
    ...service.Labels,
    ...Object.fromEntries(labels),
    [NAMESPACE_LABEL]: stack,
    ...(service.Labels?.[IMAGE_LABEL] !== undefined ? { [IMAGE_LABEL]: service.Labels[IMAGE_LABEL] } : {}),
  };
  return {
    ...service,
    Labels: serviceLabels,
    TaskTemplate: {
      ...service.TaskTemplate,
      ...(container === undefined || configs.length === 0 ? {} : { ContainerSpec: { ...container, Configs: configs } }),
    },
  };
}
