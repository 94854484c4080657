/**
 * The node labels Phoenix puts on Swarm nodes, and the placement constraints
 * that select them. Swarm constraints compare a label's whole value
 * (case-insensitive equality, docker/swarmkit `manager/constraint`) and only
 * AND, so each VM and each stack placed on several VMs gets a key of its own:
 * one node can then play several VMs (a one-node swarm plays them all) and a
 * stack can run on several nodes.
 */

/** Keys under this prefix are Phoenix's; `node_labels` may not declare them. */
export const PHOENIX_NODE_LABEL_PREFIX = "org.phoenix.";

/** `org.phoenix.vm.<vmid>=true`: the node plays that VM. */
export function vmNodeLabel(vmid: string): string {
  return `${PHOENIX_NODE_LABEL_PREFIX}vm.${vmid}`;
}

/** `org.phoenix.stack.<namespace>=true`: the node runs that stack (a stack assigned to several VMs). */
export function stackNodeLabel(namespace: string): string {
  return `${PHOENIX_NODE_LABEL_PREFIX}stack.${namespace}`;
}

/**
 * `org.phoenix.owned-labels.<instance>`: the keys of the labels this Phoenix
 * instance set on the node, comma-separated. A label that leaves the config
 * is removed only when this record lists it (and no other instance's record
 * does), so labels set by hand or by other tools are never touched.
 */
export function ownedLabelsKey(instance: string): string {
  return `${PHOENIX_NODE_LABEL_PREFIX}owned-labels.${instance}`;
}

export const OWNED_LABELS_PREFIX = `${PHOENIX_NODE_LABEL_PREFIX}owned-labels.`;

/** The value of the labels Phoenix sets for placement. */
export const PLACEMENT_LABEL_VALUE = "true";

/** `node.labels.<key>==true`: what a service's placement adds to select the nodes carrying `key`. */
export function placementConstraint(key: string): string {
  return `node.labels.${key}==${PLACEMENT_LABEL_VALUE}`;
}

/** The keys an owned-labels record lists (empty for an absent or empty value). */
export function parseOwnedLabels(value: string | undefined): string[] {
  return (value ?? "").split(",").filter((key) => key !== "");
}

export function formatOwnedLabels(keys: Iterable<string>): string {
  return [...new Set(keys)].sort().join(",");
}
