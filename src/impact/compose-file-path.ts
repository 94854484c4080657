/**
 * Turns a path in the loaded compose project (`services.web.deploy.restartPolicy.maxAttempts`)
 * into the path as the compose file spells it (`services.web.deploy.restart_policy.max_attempts`),
 * so a "Change since" line can be found in the file. Names the user chose (services,
 * networks, environment variables, labels) are kept as they are.
 */
type Segment = string | number;

/** Model keys whose children are names from the file (a map), not model keys. */
const NAMED_CHILDREN = new Set(["services", "networks", "volumes", "secrets", "configs", "environment", "labels", "sysctls", "ulimits", "options", "args", "driverOpts"]);

/** Model keys the loader names differently from the compose specification. */
const RENAMED: Readonly<Record<string, string>> = { maxReplicas: "max_replicas_per_node" };

export function toComposeFilePath(segments: readonly Segment[]): Segment[] {
  const out: Segment[] = [];
  let named = false;
  for (const segment of segments) {
    if (typeof segment === "number" || named) {
      out.push(segment);
      named = false;
      continue;
    }
    // `x-` extension fields sit in `extras` in the model and directly in the file.
    if (segment === "extras") {
      named = true;
      continue;
    }
    out.push(RENAMED[segment] ?? toSnakeCase(segment));
    named = NAMED_CHILDREN.has(segment);
  }
  return out;
}

function toSnakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
