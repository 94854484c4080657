/**
 * Placement constraints as swarmkit reads them (manager/constraint/constraint.go,
 * `Parse` and `NodeMatches`): the daemon refuses a service whose constraint it
 * cannot parse, and never schedules one whose key no node can have.
 */
import { trimStackPrefix } from "../../engine/stack-labels.js";
import type { StackToCheck, SwarmRefusal } from "./swarm-refusal.js";

// Go's RE2 `\s` is [\t\n\f\r ]; `(?i)` is the i flag.
const KEY_PATTERN = /^[a-z_][a-z0-9\-_.]+$/i;
const VALUE_PATTERN = /^[a-z0-9:\-_\t\n\f\r .*()?+[\]\\^$|/]+$/i;
/** In swarmkit's order: `a==b!=c` splits at `==`. */
const OPERATORS = ["==", "!="] as const;
const NODE_KEYS = ["node.id", "node.hostname", "node.ip", "node.role", "node.platform.os", "node.platform.arch"];
const LABEL_PREFIXES = ["node.labels.", "engine.labels."];

export interface ParsedConstraint {
  readonly key: string;
  readonly operator: (typeof OPERATORS)[number];
  readonly value: string;
}

/** swarmkit's `constraint.Parse` for one expression: the parsed constraint, or the daemon's error text. */
export function parsePlacementConstraint(expression: string): ParsedConstraint | { readonly error: string } {
  for (const operator of OPERATORS) {
    const at = expression.indexOf(operator);
    if (at < 0) continue;
    const key = expression.slice(0, at).trim();
    if (!KEY_PATTERN.test(key)) return { error: `key '${key}' is invalid` };
    const value = expression.slice(at + operator.length).trim();
    if (!VALUE_PATTERN.test(value)) return { error: `value '${value}' is invalid` };
    return { key, operator, value };
  }
  return { error: `constraint expected one operator from ${OPERATORS.join(", ")}` };
}

/** `NodeMatches` knows the key: any other never matches a node (keys are case-insensitive, label names are not). */
export function isKnownConstraintKey(key: string): boolean {
  const lower = key.toLowerCase();
  return NODE_KEYS.includes(lower) || LABEL_PREFIXES.some((prefix) => lower.length > prefix.length && lower.startsWith(prefix));
}

export function checkPlacementConstraints(stacks: readonly StackToCheck[]): SwarmRefusal[] {
  const out: SwarmRefusal[] = [];
  for (const stack of stacks) {
    for (const service of stack.spec.services) {
      const name = trimStackPrefix(stack.namespace, service.Name);
      for (const expression of service.TaskTemplate.Placement?.Constraints ?? []) {
        const parsed = parsePlacementConstraint(expression);
        const at = { stack: stack.stack, service: name, list: ["deploy", "placement", "constraints"], matches: (raw: unknown) => raw === expression };
        if ("error" in parsed)
          out.push({
            ...at,
            severity: "error",
            code: "SWARM_CONSTRAINT_INVALID",
            message: `placement constraint ${JSON.stringify(expression)} of service ${name}: the swarm refuses it (${parsed.error})`,
            hint: "write key==value or key!=value, e.g. node.role==manager or node.labels.disk==ssd",
          });
        else if (!isKnownConstraintKey(parsed.key))
          out.push({
            ...at,
            severity: "warning",
            code: "SWARM_CONSTRAINT_UNKNOWN_KEY",
            message: `placement constraint ${JSON.stringify(expression)} of service ${name}: no node has ${JSON.stringify(parsed.key)}, so its tasks never start`,
            hint: `keys are ${NODE_KEYS.join(", ")}, node.labels.<name> and engine.labels.<name>`,
          });
      }
    }
  }
  return out;
}
