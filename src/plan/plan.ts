/**
 * A Plan is plain data: what a sync would do, computed by a pure function of
 * (desired state, live state). Dry-run is "stop after the plan"; the PR comment,
 * the check run, the terminal and `--json` all render this one value.
 * `PLAN_SCHEMA_VERSION` follows the rule of docs/plan-json.md ("Versions").
 */
import type { Diagnostic } from "../errors.js";
import type { CertificateState } from "../certs/certificate-status.js";

/**
 * 2: `trust`, `topology`, `nodes`, `certificates`, a step's `after` and the
 * fields added with them in the same release (one bump per release).
 */
export const PLAN_SCHEMA_VERSION = 2;

export interface Plan {
  readonly schemaVersion: typeof PLAN_SCHEMA_VERSION;
  /** What was planned: a commit (and the base it is compared with) or a directory. */
  readonly source: PlanSource;
  readonly environment: string;
  readonly stacks: readonly StackChange[];
  readonly infra: readonly InfraChange[];
  /** Every certificate of the manifest as it is live, when the repo manages certificates (`certificates:` settings). */
  readonly certificates?: readonly CertificateState[];
  /** The order in which apply runs the changed units (dependencies first). */
  readonly steps: readonly PlanStep[];
  readonly warnings: readonly Diagnostic[];
  /** What the change from `source.base` to the planned tree touches; present when the plan has a base. */
  readonly impact?: PlanImpact;
  /** Which live node plays which Swarm VM of the config; present when the plan read the swarm's nodes. */
  readonly topology?: PlanTopology;
  /** Label changes of the swarm's nodes (`node_labels` and Phoenix's placement labels), one per node that plays a VM. */
  readonly nodes?: readonly NodeChange[];
  /** Swarm VMs no node plays that a sync joins over ssh (`swarm.join.enabled`); absent when joining is off. */
  readonly joins?: readonly NodeJoin[];
  /**
   * Present when the planned tree is untrusted (a pull request): the ref whose
   * values decided what this plan ran and connected to, and every such value
   * the planned tree changes. Those changes take effect only after a merge.
   */
  readonly trust?: PlanTrust;
}

/** The trust boundary of a plan: see docs/security.md. */
export interface PlanTrust {
  /** The trusted ref (the default branch for the app, `--trusted` or `--base` for the CLI). */
  readonly ref: string;
  readonly commit?: string;
  /** Values that make Phoenix execute, connect or read host files, as the planned tree changes them. */
  readonly changes: readonly TrustChange[];
}

/** One value that decides what Phoenix executes or connects to, changed by an untrusted tree. */
export interface TrustChange {
  /** The file that declares it (`.github/phoenix.yml`, `etc/certificate-manifest.json`). */
  readonly file: string;
  /** Readable path inside the file (`infra.targets.dns`, `certificates["gateway"].key_path`). */
  readonly setting: string;
  /** Canonical JSON of the value; absent when the trusted ref does not set it. */
  readonly before?: string;
  readonly after?: string;
}

/**
 * The units a change of the config repo affects, from its changed paths and
 * the loaded configs at both ends (reordered keys and fields nothing
 * consumes are no change). Reasons name paths and fields, never values.
 */
export interface PlanImpact {
  /** Files that differ between the base and the planned tree, sorted. */
  readonly changedPaths: readonly string[];
  readonly stacks: readonly { readonly name: string; readonly reasons: readonly string[] }[];
  readonly infra: readonly { readonly output: InfraOutputKind; readonly reasons: readonly string[] }[];
  /** Guests by CTID or VMID. */
  readonly guests: readonly { readonly id: string; readonly reasons: readonly string[] }[];
  /** `.github/phoenix.yml` changed: every unit may behave differently. */
  readonly settingsChanged: boolean;
}


export interface PlanSource {
  readonly description: string;
  readonly commit?: string;
  /** The planned tree is a working directory with uncommitted changes to `commit`. */
  readonly dirty?: boolean;
  readonly base?: string;
}

export type StackAction = "create" | "update" | "remove" | "unchanged" | "orphaned";

export interface StackChange {
  readonly stack: string;
  /** The Swarm namespace (`com.docker.stack.namespace`) the stack is deployed as. */
  readonly namespace: string;
  readonly action: StackAction;
  readonly objects: readonly ObjectChange[];
  /**
   * The live stack differs from the config although the change from the base
   * does not touch it: drift, or an earlier change that was never applied.
   * Only set on plans with a base.
   */
  readonly drift?: boolean;
}

export type ObjectKind = "service" | "network" | "secret" | "config";
/** `kept`: a live service of the stack that its compose file no longer has, left running because prune is off. */
export type ObjectAction = "create" | "update" | "remove" | "unchanged" | "kept";

export interface ObjectChange {
  readonly kind: ObjectKind;
  /** Full Swarm name (`app_web`). */
  readonly name: string;
  readonly action: ObjectAction;
  readonly fields: readonly FieldChange[];
}

/** One changed field, e.g. `image: app:1 → app:2` or `env: +FOO`. */
export interface FieldChange {
  /** Readable path (`image`, `deploy.replicas`, `env.FOO`, `labels["traefik.enable"]`). */
  readonly path: string;
  readonly op: "add" | "remove" | "change";
  readonly before?: string;
  readonly after?: string;
  /** The values are secret: renderers print `(sensitive)` instead. */
  readonly sensitive?: boolean;
}

/** A live Swarm node, as the plan shows it. */
export interface SwarmNodeSummary {
  readonly id: string;
  /** `Description.Hostname`. */
  readonly hostname: string;
  /** `Status.Addr`: the address it advertises. */
  readonly address: string;
  readonly role: "manager" | "worker";
  /** `Status.State`: `ready`, `down`, … */
  readonly state: string;
}

/** How a node was found to play a VM (docs/config-format.md, "Swarm nodes and placement"). */
export type NodeMatch = "address" | "hostname" | "settings" | "only-node";

export interface VmNodeMapping {
  readonly vmid: string;
  readonly name: string;
  /** The role the config gives the VM. */
  readonly role: "manager" | "worker";
  /** Absent when no node plays the VM (a plan finding says why). */
  readonly node?: SwarmNodeSummary;
  readonly matchedBy?: NodeMatch;
}

export interface PlanTopology {
  /** Every Swarm VM of the config, in guest order. */
  readonly vms: readonly VmNodeMapping[];
  /** Live nodes that play no VM: Phoenix places nothing there. */
  readonly unmatchedNodes: readonly SwarmNodeSummary[];
}

/** The label changes of one node, as `labels["zone"]` field changes. */
export interface NodeChange {
  /** The node's host name. */
  readonly node: string;
  readonly id: string;
  readonly action: "update" | "unchanged";
  readonly fields: readonly FieldChange[];
  /** A sync sets and changes labels before the stacks (`node/<host>: update`)… */
  readonly setsFirst?: boolean;
  /** …and removes stale ones after them (`node/<host>: remove-labels`), so no service waits without a node. */
  readonly removesAfter?: boolean;
}

/** A VM a sync joins to the swarm (`join/<vmid>`): over `ssh user@address docker system dial-stdio`. */
export interface NodeJoin {
  readonly vmid: string;
  readonly name: string;
  /** The token it joins with: the manager's or the worker's. */
  readonly role: "manager" | "worker";
  /** The VM's `network_config.ip`: where ssh connects and what the node advertises. */
  readonly address: string;
  /** The ssh user (`swarm.join.user`). */
  readonly user: string;
}

export type InfraOutputKind = "dns" | "firewall" | "traefik" | "nginx" | "certificates";

export interface InfraChange {
  readonly output: InfraOutputKind;
  /** Where the file goes on its target, e.g. `/etc/dnsmasq.d/00-phoenix.conf`. */
  readonly file: string;
  readonly action: "create" | "update" | "remove" | "unchanged";
  /** Unified diff against what the target holds (empty when unchanged). */
  readonly diff: string;
  /** As `StackChange.drift`: the target differs although the change from the base does not touch this output. */
  readonly drift?: boolean;
}

export interface PlanStep {
  readonly unit: string;
  readonly action: string;
  /** Units this one waits for (a stack waits for the stacks it depends on); the others may run side by side. */
  readonly after?: readonly string[];
}

/**
 * True when applying the plan would change something (exit code 2). An
 * orphaned stack is reported but not a change: sync leaves it alone unless the
 * repo opts in to pruning, and then it is planned as `remove`.
 */
export function hasChanges(plan: Plan): boolean {
  return (
    plan.stacks.some((s) => s.action !== "unchanged" && s.action !== "orphaned") ||
    plan.infra.some((f) => f.action !== "unchanged") ||
    (plan.certificates ?? []).some((c) => c.action !== "none") ||
    (plan.nodes ?? []).some((n) => n.action !== "unchanged") ||
    (plan.joins ?? []).length > 0
  );
}

/** True when the change from the base touches something Phoenix manages (no impact known: true). */
export function touchesManagedUnits(plan: Plan): boolean {
  const impact = plan.impact;
  if (impact === undefined) return true;
  return impact.settingsChanged || impact.stacks.length > 0 || impact.infra.length > 0 || impact.guests.length > 0;
}

/** True when the planned tree changes what Phoenix executes or connects to: a human must review it before a merge. */
export function needsTrustReview(plan: Plan): boolean {
  return (plan.trust?.changes.length ?? 0) > 0;
}

/** True when a plan has something to show: changes, or orphaned stacks and removed services that sync keeps. */
export function hasFindings(plan: Plan): boolean {
  return hasChanges(plan) || plan.stacks.some((s) => s.action === "orphaned" || hasKeptObjects(s));
}

/** True when the stack has services its compose file no longer defines, left running because prune is off. */
export function hasKeptObjects(stack: StackChange): boolean {
  return stack.objects.some((o) => o.action === "kept");
}
