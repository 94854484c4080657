import { z } from "zod";
import { checkStackNamespaceTemplate, DEFAULT_STACK_NAMESPACE } from "./stack-namespace.js";
import { SECRET_PATTERN } from "./secret-patterns.js";
import { checkDockerEndpoint, DOCKER_ENDPOINT_MAX_LENGTH } from "./docker-endpoint.js";
import { CertificateSettings } from "./certificate-settings.js";
import { defaultInfraTarget, infraTargetSettings, type InfraTargetOutput } from "./infra-target-settings.js";
import { SwarmJoinSettings } from "./swarm-join-settings.js";

/** The instance of repos that do not set one; also what stacks deployed before the setting existed carry. */
export const DEFAULT_INSTANCE = "phoenix";

/** Where the settings live in the config repo (the Probot convention: `.github/<app>.yml`). */
export const REPO_SETTINGS_FILE = ".github/phoenix.yml";

/** Names end up in stack names, labels and messages: bounded like a DNS label. */
const NAME_MAX_LENGTH = 63;
const SECRET_PATTERN_MAX_LENGTH = 128;
const SECRET_PATTERNS_MAX = 100;
/** Node IDs are 25 characters, host names at most 63 per label; 253 would be a full DNS name. */
const NODE_REFERENCE_MAX_LENGTH = 253;
const SWARM_NODES_MAX = 1000;

/** `swarm:`: which Swarm Phoenix deploys to and how. */
export const SwarmSettings = z.looseObject({
  /** Docker API endpoint of a Swarm manager. */
  endpoint: z
    .string()
    .superRefine((endpoint, ctx) => {
      const problem = checkDockerEndpoint(endpoint);
      if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
    })
    .meta({ pattern: "^(unix:///[A-Za-z0-9._/-]+|tcp://(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?/?)$", maxLength: DOCKER_ENDPOINT_MAX_LENGTH })
    .optional()
    .describe("Docker API endpoint of a Swarm manager in DOCKER_HOST form. Default: `DOCKER_HOST` of the Phoenix process, else `unix:///var/run/docker.sock`."),
  /** `docker stack deploy --resolve-image`. */
  resolveImage: z
    .enum(["always", "changed", "never"])
    .default("changed")
    .describe("When to ask the registry for an image's digest and pin it (`docker stack deploy --resolve-image`). Default: `changed`."),
  /** Independent stacks deployed at once. */
  concurrency: z
    .number()
    .int()
    .min(1)
    .max(16)
    .default(4)
    .describe("How many stacks a sync deploys at once; a stack still waits for the stacks it depends on to converge. From 1 to 16. Default: 4."),
  /** Which node plays which VM, where address and host name do not tell. */
  nodes: z
    .record(
      z.string().regex(/^[0-9]{3,9}$/, { error: "must be a VMID, such as 1001" }),
      z
        .string()
        .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: "must be a node host name, a node ID or self" })
        .max(NODE_REFERENCE_MAX_LENGTH),
    )
    .refine((nodes) => Object.keys(nodes).length <= SWARM_NODES_MAX, { error: `must map at most ${SWARM_NODES_MAX} VMs` })
    .default({})
    .describe(
      "Which Swarm node plays which VM, by VMID: a node host name, a node ID, or `self` (the node Phoenix talks to). Only needed where a node's address and host name match no VM, e.g. a one-node swarm on a laptop whose node should play some VMs but not others (docs/config-format.md, \"Swarm nodes and placement\"). Default: none.",
    ),
  /** Joining VMs that no node plays (trusted: it connects to the VMs). */
  join: SwarmJoinSettings,
});

/** `wait:`: how long apply waits for a changed service to converge before it rolls back. */
export const WaitSettings = z.looseObject({
  /** Upper bound per service. */
  timeoutSeconds: z.number().int().positive().default(300).describe("How long to wait for each changed service to converge. Default: 300."),
  /** How long tasks must keep running to count as converged. */
  monitorSeconds: z
    .number()
    .int()
    .nonnegative()
    .optional()
    .describe("How long new tasks must keep running before a service counts as converged. Default: the service's `update_config.monitor`, else 5."),
});

/** `drift:`: the timer that compares the live Swarm and infra with the config. */
export const DriftSettings = z.looseObject({
  /** Minutes between drift checks; 0 turns the timer off. */
  intervalMinutes: z.number().int().nonnegative().default(15).describe("Minutes between two drift checks; 0 turns them off. Default: 15."),
});

/** The shortest reconcile interval: a fetch of every repository's default branch each time. */
export const RECONCILE_MIN_INTERVAL_SECONDS = 10;

/** `reconcile:`: the app's loop that deploys what a push missed, retries, checks health and heals drift. */
export const ReconcileSettings = z.looseObject({
  /** Seconds between two looks at the default branch; 0 suspends automatic syncs. */
  intervalSeconds: z
    .number()
    .int()
    .nonnegative()
    .refine((seconds) => seconds === 0 || seconds >= RECONCILE_MIN_INTERVAL_SECONDS, { error: `must be 0 (automatic syncs suspended) or at least ${RECONCILE_MIN_INTERVAL_SECONDS}` })
    .default(180)
    .describe(
      "Seconds between two looks of `phoenix serve` at the default branch: a head that was never synced (a push whose webhook was lost) is deployed, a failed sync is retried. At least 10; `0` suspends automatic syncs and retries (pushes still deploy). Default: 180.",
    ),
  /** Put drift back by syncing the default branch's head. */
  selfHeal: z.boolean().default(false).describe("Put drift back: when a health check finds the swarm or an infra file differs from the synced head, sync it again and say what was healed. Default: false (drift fails `phoenix/health`)."),
});

/**
 * An output's target, defaulting to the production layout when the key is
 * absent. Defaults are complete values (not `prefault`) so that the
 * unknown-key walk of the config loader sees through them.
 */
function targetOf(output: InfraTargetOutput) {
  return infraTargetSettings(output).default(() => defaultInfraTarget(output));
}

/** `infra:`: where the generated infrastructure files go. */
export const InfraSettings = z.looseObject({
  /** One target per output. */
  targets: z
    .looseObject({
      /** dnsmasq: `dnsmasq.conf` and `dnsmasq.d/00-phoenix-internal.conf`. */
      dns: targetOf("dns"),
      /** Proxmox firewall: `cluster.fw` and one `<id>.fw` per guest. */
      firewall: targetOf("firewall"),
      /** Traefik's dynamic file `dynamic_conf.yml`. */
      traefik: targetOf("traefik"),
      /** The NGINX gateway site `sites-available/gateway` and its `sites-enabled` link. */
      nginx: targetOf("nginx"),
    })
    .default(() => ({ dns: defaultInfraTarget("dns"), firewall: defaultInfraTarget("firewall"), traefik: defaultInfraTarget("traefik"), nginx: defaultInfraTarget("nginx") }))
    .describe("Where each output is deployed: `local`, `lxc`, `ssh` or `none`. Default: DNS and firewall on this host, Traefik and NGINX in their containers."),
});

/** `secrets:`: what is never printed. */
export const SecretSettings = z.looseObject({
  /** Globs over variable names, added to the built-in rule. */
  variablePatterns: z
    .array(
      z
        .string()
        .regex(SECRET_PATTERN, { error: "must be a name pattern of letters, digits, _ . - and the wildcards * ?" })
        .max(SECRET_PATTERN_MAX_LENGTH),
    )
    .max(SECRET_PATTERNS_MAX)
    .default([])
    .describe("Name patterns (`*` and `?` wildcards, case-insensitive) of variables whose values are masked, in addition to the built-in PASS/SECRET/TOKEN/KEY/CREDENTIAL rule. Default: none."),
});

/** `readiness:`: what must answer before a sync deploys (docs/config-format.md, "Readiness"). */
export const ReadinessSettings = z.looseObject({
  /** The DNS server answers for the domain. */
  dns: z
    .boolean()
    .optional()
    .describe("Ask the DNS server (the hypervisor's network.interfaces.address) for a name of the domain before a sync; no answer holds back the stacks. Default: on when Phoenix runs dnsmasq's own reload (the dns target is not none and has no reload of its own)."),
  /** Traefik accepts connections. */
  traefik: z
    .boolean()
    .optional()
    .describe("Connect to the Traefik guest (feature traefik) on its traefik_service port, else 80; a refusal holds back the stacks. Default: on when the traefik target is not none and has no reload of its own."),
  /** The CA accepts connections. */
  ca: z
    .boolean()
    .optional()
    .describe("Connect to the CA guest (feature step_ca) on its traefik_service port, else 9000; a refusal holds back only the certificates. Default: off."),
});

/** `.github/phoenix.yml`: how Phoenix deploys this config repo. Every key is optional. */
export const RepoSettings = z
  .looseObject({
    /** The environment of this repo. */
    environment: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, { error: "must be letters, digits, _ and -, starting with a letter or digit" })
      .max(NAME_MAX_LENGTH)
      .default("production")
      .describe("Environment of `docker_stacks` entries written as a plain name, and the name shown in plans and checks. Default: `production`."),
    /** Which Phoenix deployment owns the stacks this repo deploys. */
    instance: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: "must be letters, digits, _ . and -, starting with a letter or digit" })
      .max(NAME_MAX_LENGTH)
      .default(DEFAULT_INSTANCE)
      .describe(
        "Name of this Phoenix deployment, stamped on every service it deploys (`org.phoenix.managed-by`). Orphans and pruning consider only stacks with the same instance, so config repos sharing a Swarm need different instances. Default: `phoenix`.",
      ),
    /** Template of the Swarm stack name. */
    stackNamespace: z
      .string()
      .max(NAME_MAX_LENGTH)
      .superRefine((template, ctx) => {
        const problem = checkStackNamespaceTemplate(template);
        if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
      })
      .default(DEFAULT_STACK_NAMESPACE)
      .describe("Swarm stack name of each stack, from `{stack}` and `{env}` (the environment it is assigned in). Default: `{stack}`."),
    /** See SwarmSettings. */
    swarm: SwarmSettings.default(() => SwarmSettings.parse({})).describe("Which Swarm to deploy to, and how."),
    /** Remove stacks that are no longer in the config. */
    prune: z.boolean().default(false).describe("Remove deployed stacks that are no longer in the config. Default: false (they are shown as orphaned and kept)."),
    /** See WaitSettings. */
    wait: WaitSettings.default(() => WaitSettings.parse({})).describe("Convergence waiting."),
    /** See DriftSettings. */
    drift: DriftSettings.default(() => DriftSettings.parse({})).describe("Drift detection."),
    /** See ReconcileSettings. */
    reconcile: ReconcileSettings.default(() => ReconcileSettings.parse({})).describe("The app's reconcile loop."),
    /** See InfraSettings. */
    infra: InfraSettings.default(() => InfraSettings.parse({})).describe("Infrastructure targets."),
    /** See ReadinessSettings. */
    readiness: ReadinessSettings.default(() => ReadinessSettings.parse({})).describe("Readiness checks before a sync."),
    /** See CertificateSettings. */
    certificates: CertificateSettings.optional().describe("Certificates of `etc/certificate-manifest.json` issued and renewed over ACME. Default: none (Phoenix manages no certificate)."),
    /** See SecretSettings. */
    secrets: SecretSettings.default(() => SecretSettings.parse({})).describe("Masking of secret values."),
  })
  .meta({ title: "Phoenix repo settings (.github/phoenix.yml)" });
export type RepoSettings = z.output<typeof RepoSettings>;

/** The settings of a repo without `.github/phoenix.yml`. */
export const DEFAULT_REPO_SETTINGS: RepoSettings = RepoSettings.parse({});

/** The JSON Schema of the settings file, for editors (yaml-language-server reads draft-07). */
export function renderRepoSettingsJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(RepoSettings, { target: "draft-7", io: "input" }) as Record<string, unknown>;
}
