import { z } from "zod";
import { PLAN_SCHEMA_VERSION } from "../plan/plan.js";
import { PlanJsonCertificate } from "./certificate-plan-sections.js";

/**
 * The `--json` form of a Plan (`renderPlanJson`), documented in
 * docs/plan-json.md. Strict: a field added here without a version decision
 * fails the tests. The rule (docs/plan-json.md, "Versions"): optional fields
 * added within one release bump `schemaVersion` (`PLAN_SCHEMA_VERSION`) once;
 * removing, renaming or retyping a field, changing its meaning, or a new enum
 * value bumps it too; consumers ignore fields they do not know.
 */

const Action = z.enum(["create", "update", "remove", "unchanged"]);

/** One changed field of a Swarm object. */
export const PlanJsonField = z.strictObject({
  /** Readable path (`image`, `deploy.replicas`, `env.FOO`, `labels["traefik.enable"]`). */
  path: z.string().describe("Readable path of the field: `image`, `deploy.replicas`, `env.FOO`, `labels[\"traefik.enable\"]`."),
  /** add, remove or change. */
  op: z.enum(["add", "remove", "change"]).describe("`add`, `remove` or `change`."),
  /** The value before; absent for `add` and when sensitive. */
  before: z.string().optional().describe("Value before, formatted for people; absent for `add` and for sensitive fields."),
  /** The value after; absent for `remove` and when sensitive. */
  after: z.string().optional().describe("Value after; absent for `remove` and for sensitive fields."),
  /** The values are secret and left out. */
  sensitive: z.boolean().describe("True when the values are secret: `before` and `after` are then never present."),
});

/** One Swarm object of a stack. */
export const PlanJsonObject = z.strictObject({
  /** service, network, secret or config. */
  kind: z.enum(["service", "network", "secret", "config"]).describe("`service`, `network`, `secret` or `config`."),
  /** Full Swarm name. */
  name: z.string().describe("Full Swarm name (`web_app_web`)."),
  /** What apply does with it; `kept`: deleted from the compose file, left running because prune is off. */
  action: z
    .enum(["create", "update", "remove", "unchanged", "kept"])
    .describe("`create`, `update`, `remove`, `unchanged`, or `kept` (a service deleted from the compose file, left running because `prune` is off; apply does nothing to it)."),
  /** Field changes of an update. */
  fields: z.array(PlanJsonField).describe("Changed fields (empty unless `update`)."),
});

/** One stack. */
export const PlanJsonStack = z.strictObject({
  /** Stack name in the config. */
  stack: z.string().describe("Stack name in the config (its directory under `stacks/`)."),
  /** Swarm namespace. */
  namespace: z.string().describe("Swarm stack name (`com.docker.stack.namespace`), from the `stackNamespace` setting."),
  /** What apply does with the stack. */
  action: z.enum(["create", "update", "remove", "unchanged", "orphaned"]).describe("`create`, `update`, `remove`, `unchanged`, or `orphaned` (deployed, not in the config, kept because prune is off)."),
  /** Its objects. */
  objects: z.array(PlanJsonObject).describe("The stack's Swarm objects."),
  /** Differs from the live swarm without the change touching it. */
  drift: z
    .boolean()
    .optional()
    .describe("Only with a base: true when the live stack differs from the config although the change from the base does not touch it (drift, or an earlier change never applied); never set on orphaned stacks."),
});

/** One generated infrastructure file. */
export const PlanJsonInfraFile = z.strictObject({
  /** Which output. */
  output: z.enum(["dns", "firewall", "traefik", "nginx", "certificates"]).describe("`dns`, `firewall`, `traefik`, `nginx` or `certificates`."),
  /** Path on the target. */
  file: z.string().describe("Where the file goes on its target."),
  /** What apply does with it. */
  action: Action.describe("`create`, `update`, `remove` or `unchanged`."),
  /** Unified diff against the target. */
  diff: z.string().describe("Unified diff against what the target holds; empty when unchanged."),
  /** Differs from the target without the change touching it. */
  drift: z.boolean().optional().describe("Only with a base: true when the target differs although the change from the base does not touch this output."),
});

const Reasons = z.array(z.string()).describe("Why, naming paths and fields (never values).");

/** What the change from the base touches. */
export const PlanJsonImpact = z.strictObject({
  /** Files changed. */
  changedPaths: z.array(z.string()).describe("Files that differ between the base and the planned commit, sorted."),
  /** Stacks affected. */
  stacks: z.array(z.strictObject({ name: z.string().describe("Stack name."), reasons: Reasons })).describe("Stacks whose deployment the change affects."),
  /** Outputs affected. */
  infra: z
    .array(z.strictObject({ output: z.enum(["dns", "firewall", "traefik", "nginx", "certificates"]).describe("The output."), reasons: Reasons }))
    .describe("Generated infrastructure outputs the change affects."),
  /** Guests affected. */
  guests: z.array(z.strictObject({ id: z.string().describe("CTID or VMID."), reasons: Reasons })).describe("Guests the change affects."),
  /** Settings changed. */
  settingsChanged: z.boolean().describe("True when `.github/phoenix.yml` changed (every unit may behave differently)."),
});

/** A live Swarm node. */
export const PlanJsonSwarmNode = z.strictObject({
  /** Node ID. */
  id: z.string().describe("Node ID."),
  /** Host name. */
  hostname: z.string().describe("`Description.Hostname`."),
  /** Advertised address. */
  address: z.string().describe("`Status.Addr`: the address the node advertises."),
  /** Swarm role. */
  role: z.enum(["manager", "worker"]).describe("`manager` or `worker`."),
  /** Status. */
  state: z.string().describe("`Status.State`: `ready`, `down`, …"),
});

/** Which node plays which Swarm VM. */
export const PlanJsonTopology = z.strictObject({
  /** Every Swarm VM. */
  vms: z
    .array(
      z.strictObject({
        /** VMID. */
        vmid: z.string().describe("The VMID."),
        /** VM name. */
        name: z.string().describe("The VM's name."),
        /** Role in the config. */
        role: z.enum(["manager", "worker"]).describe("The role the config gives it (`portainer_role` primary: `manager`; agent: `worker`)."),
        /** The node. */
        node: PlanJsonSwarmNode.optional().describe("The node that plays it; absent when none does (a warning or an error says why)."),
        /** How it was matched. */
        matchedBy: z
          .enum(["address", "hostname", "settings", "only-node"])
          .optional()
          .describe("How the node was found: `address`, `hostname`, `settings` (`swarm.nodes`) or `only-node` (the swarm's only node plays every VM)."),
      }),
    )
    .describe("Every Swarm VM of the config (docker feature and a Swarm role), in guest order."),
  /** Nodes without a VM. */
  unmatchedNodes: z.array(PlanJsonSwarmNode).describe("Live nodes that play no VM: Phoenix places nothing there."),
});

/** The label changes of one node. */
export const PlanJsonJoin = z.strictObject({
  /** VMID. */
  vmid: z.string().describe("The VM's ID."),
  /** VM name. */
  name: z.string().describe("The VM's name."),
  /** Role. */
  role: z.enum(["manager", "worker"]).describe("The role it joins as: which join token it gets."),
  /** Address. */
  address: z.string().describe("The VM's address: where ssh connects and what the node advertises."),
  /** SSH user. */
  user: z.string().describe("The ssh user (`swarm.join.user`)."),
});

export const PlanJsonNode = z.strictObject({
  /** Host name. */
  node: z.string().describe("The node's host name."),
  /** Node ID. */
  id: z.string().describe("Node ID."),
  /** Update or unchanged. */
  action: z.enum(["update", "unchanged"]).describe("`update` or `unchanged`."),
  /** Label changes. */
  fields: z.array(PlanJsonField).describe("Label changes as `labels[\"key\"]` fields."),
});

/** One finding, positioned like a compiler message. */
export const PlanJsonDiagnostic = z.strictObject({
  /** Always warning in a plan (errors stop before planning). */
  severity: z.enum(["error", "warning"]).describe("`warning` (a config with errors is never planned)."),
  /** Stable code. */
  code: z.string().describe("Stable machine-readable code, e.g. `DNS_NAME_CONFLICT`."),
  /** Pipeline stage. */
  stage: z.enum(["source", "load", "plan", "apply", "verify", "report"]).describe("Pipeline stage that found it."),
  /** File relative to the config root. */
  file: z.string().optional().describe("File relative to the config root."),
  /** 1-based line. */
  line: z.number().int().optional().describe("1-based line."),
  /** 1-based column. */
  column: z.number().int().optional().describe("1-based column."),
  /** Path inside the file. */
  path: z.string().optional().describe("Path inside the file (`vms[1].docker_stacks[2]`)."),
  /** The message. */
  message: z.string().describe("What is wrong."),
  /** What to do. */
  hint: z.string().optional().describe("What the user can do about it."),
});

/** The whole document. */
export const PlanJsonDocument = z.strictObject({
  /** Version of this format. */
  schemaVersion: z.literal(PLAN_SCHEMA_VERSION).describe("Version of this format; see docs/plan-json.md, \"Versions\", for when it changes."),
  /** Document kind. */
  kind: z.literal("PhoenixPlan").describe("Always `PhoenixPlan` (results of a sync will be `PhoenixSyncResult`)."),
  /** Environment planned. */
  environment: z.string().describe("The environment planned (`environment` setting)."),
  /** What was planned. */
  source: z
    .strictObject({
      /** Human-readable. */
      description: z.string().describe("A directory or `repo@sha`."),
      /** Commit planned. */
      commit: z.string().optional().describe("Commit planned."),
      /** Uncommitted changes planned. */
      dirty: z
        .literal(true)
        .optional()
        .describe("Present (true) when the planned tree is a working directory whose config files have uncommitted changes: `commit` is HEAD, not what was planned; a sync records `<commit>-dirty` on the services it changes."),
      /** Commit compared with. */
      base: z.string().optional().describe("Commit it was compared with (a pull request's base)."),
    })
    .describe("What was planned."),
  /** Whether applying changes anything (exit code 2). */
  hasChanges: z.boolean().describe("True when applying would change something; `phoenix plan` then exits with 2."),
  /** Every stack, sorted as planned. */
  stacks: z.array(PlanJsonStack).describe("Every stack, changed or not."),
  /** Every infra file. */
  infra: z.array(PlanJsonInfraFile).describe("Every generated infrastructure file, changed or not."),
  /** Every certificate, when the repo manages them. */
  certificates: z.array(PlanJsonCertificate).optional().describe("Present when the repo manages certificates (`certificates:` settings): every certificate of the manifest as it is live, with its status (docs/certificates.md)."),
  /** Apply order. */
  steps: z
    .array(
      z.strictObject({
        /** Unit. */
        unit: z.string().describe("The unit (a stack or an infra output)."),
        /** Action. */
        action: z.string().describe("What is done to it."),
        /** Units it waits for. */
        after: z.array(z.string()).optional().describe("Units this one waits for (the stacks a stack depends on); steps that wait for nothing unfinished may run side by side."),
      }),
    )
    .describe("The order in which apply runs the changed units, dependencies first."),
  /** Warnings. */
  warnings: z.array(PlanJsonDiagnostic).describe("Warnings of loading and planning."),
  /** Node mapping. */
  topology: PlanJsonTopology.optional().describe("Which live node plays which Swarm VM; present when the plan read the swarm's nodes."),
  /** Node label changes. */
  nodes: z.array(PlanJsonNode).optional().describe("Label changes of the nodes that play a VM or carry labels this instance owns."),
  /** VMs a sync joins. */
  joins: z.array(PlanJsonJoin).optional().describe("Swarm VMs that no node plays and that a sync joins over ssh (one `join/<vmid>` step each); present when `swarm.join.enabled` is on. The join token is never in the plan."),
  /** Impact of the change from the base. */
  impact: PlanJsonImpact.optional().describe("Present when the plan has a base: what the change from the base to the planned commit touches."),
  /** The trust boundary. */
  trust: z
    .strictObject({
      /** Trusted ref. */
      ref: z.string().describe("The trusted ref whose settings decided what this plan ran and connected to."),
      /** Its commit. */
      commit: z.string().optional().describe("Commit of the trusted ref."),
      /** Changed execution values. */
      changes: z
        .array(
          z.strictObject({
            /** File. */
            file: z.string().describe("File that declares the value."),
            /** Setting. */
            setting: z.string().describe("Path of the value inside the file."),
            /** Before. */
            before: z.string().optional().describe("Canonical JSON at the trusted ref; absent when not set there."),
            /** After. */
            after: z.string().optional().describe("Canonical JSON in the planned tree; absent when removed."),
          }),
        )
        .describe("Values that make Phoenix execute, connect or read host files, as the planned tree changes them. Not used by this plan; they take effect after a merge. A non-empty list needs a reviewer."),
    })
    .optional()
    .describe("Present when the planned tree is untrusted (a pull request, `plan --base`): see docs/security.md."),
});
export type PlanJsonDocument = z.infer<typeof PlanJsonDocument>;
