/**
 * A compose project after `loadCompose`: docker/cli's `types.Config` as
 * `loader.Load` returns it (files interpolated, validated, short syntaxes
 * expanded, env files merged, paths absolute, files merged).
 *
 * Fields mirror Go's zero values where the CLI cannot tell "absent" from
 * "zero" (`""`, `0`, `false`, empty list/record), and are optional where the
 * CLI uses a pointer (absent ≠ zero). Durations are nanoseconds and sizes are
 * bytes, as the CLI parses them at load time.
 */

/** Values kept verbatim under `x-*` keys. */
export type ComposeExtraValue =
  | string
  | number
  | boolean
  | null
  | readonly ComposeExtraValue[]
  | { readonly [key: string]: ComposeExtraValue };

export type ComposeExtras = Readonly<Record<string, ComposeExtraValue>>;

export interface ComposeProject {
  /** Normalised version of the first file (`"3.8"`, `"3.13"` when absent in 23.0+). */
  readonly version: string;
  /** Sorted by name when several files were merged; file order for one file. */
  readonly services: readonly ComposeService[];
  readonly networks: Readonly<Record<string, ComposeNetwork>>;
  readonly volumes: Readonly<Record<string, ComposeVolume>>;
  readonly secrets: Readonly<Record<string, ComposeFileObject>>;
  readonly configs: Readonly<Record<string, ComposeFileObject>>;
  /** Top-level `x-*` keys. */
  readonly extras: ComposeExtras;
  /** Base of every relative path (the directory of the first file). */
  readonly workingDir: string;
}

export interface ComposeService {
  readonly name: string;
  readonly build: ComposeBuild;
  readonly capAdd: readonly string[];
  readonly capDrop: readonly string[];
  readonly cgroupnsMode: string;
  readonly cgroupParent: string;
  /** Shell-split when written as a string; undefined when absent. */
  readonly command: readonly string[] | undefined;
  readonly configs: readonly ComposeFileReference[];
  readonly containerName: string;
  readonly credentialSpec: ComposeCredentialSpec;
  readonly dependsOn: readonly string[];
  readonly deploy: ComposeDeploy;
  readonly devices: readonly string[];
  readonly dns: readonly string[];
  readonly dnsSearch: readonly string[];
  readonly domainname: string;
  readonly entrypoint: readonly string[] | undefined;
  /**
   * `env_file` entries, then `environment`, with host fill-in applied. `null`
   * is a variable without value (sent as bare `KEY`). Insertion-ordered.
   */
  readonly environment: Readonly<Record<string, string | null>>;
  /** The env files as written (the loader reads them relative to the working directory). */
  readonly envFile: readonly string[];
  readonly expose: readonly string[];
  readonly externalLinks: readonly string[];
  /** `host:ip` strings in file order (a map form is sorted). */
  readonly extraHosts: readonly string[];
  readonly hostname: string;
  readonly healthcheck: ComposeHealthcheck | undefined;
  readonly image: string;
  readonly init: boolean | undefined;
  readonly ipc: string;
  readonly isolation: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly links: readonly string[];
  readonly logging: ComposeLogging | undefined;
  readonly macAddress: string;
  readonly networkMode: string;
  /** Undefined when the service has no `networks` key (it then joins `default`). */
  readonly networks: Readonly<Record<string, ComposeServiceNetwork | null>> | undefined;
  readonly pid: string;
  /** Long form; short syntax expanded one entry per port. */
  readonly ports: readonly ComposePort[];
  readonly privileged: boolean;
  readonly readOnly: boolean;
  /** Reported as unsupported, yet used for the restart policy (docs/stack-deploy.md §3.6). */
  readonly restart: string;
  readonly secrets: readonly ComposeFileReference[];
  readonly securityOpt: readonly string[];
  readonly shmSize: string;
  readonly stdinOpen: boolean;
  /** Nanoseconds. */
  readonly stopGracePeriod: number | undefined;
  readonly stopSignal: string;
  readonly sysctls: Readonly<Record<string, string>>;
  readonly tmpfs: readonly string[];
  readonly tty: boolean;
  readonly ulimits: Readonly<Record<string, ComposeUlimit>>;
  readonly user: string;
  readonly usernsMode: string;
  readonly volumes: readonly ComposeServiceVolume[];
  readonly workingDir: string;
  /** Service-level `x-*` keys. */
  readonly extras: ComposeExtras;
}

export interface ComposeBuild {
  readonly context: string;
  readonly dockerfile: string;
  readonly args: Readonly<Record<string, string | null>>;
  readonly labels: Readonly<Record<string, string>>;
  readonly cacheFrom: readonly string[];
  readonly extraHosts: readonly string[];
  readonly network: string;
  readonly target: string;
}

export interface ComposeCredentialSpec {
  readonly config: string;
  readonly file: string;
  readonly registry: string;
}

export interface ComposeDeploy {
  readonly mode: string;
  readonly replicas: number | undefined;
  readonly labels: Readonly<Record<string, string>>;
  readonly updateConfig: ComposeUpdateConfig | undefined;
  readonly rollbackConfig: ComposeUpdateConfig | undefined;
  readonly resources: ComposeResources;
  readonly restartPolicy: ComposeRestartPolicy | undefined;
  readonly placement: ComposePlacement;
  readonly endpointMode: string;
}

export interface ComposeUpdateConfig {
  readonly parallelism: number | undefined;
  /** Nanoseconds. */
  readonly delay: number;
  readonly failureAction: string;
  /** Nanoseconds. */
  readonly monitor: number;
  /** A float32 in the CLI: the shortest decimal of that float32. */
  readonly maxFailureRatio: number;
  readonly order: string;
}

export interface ComposeResources {
  readonly limits: ComposeResourceLimit | undefined;
  readonly reservations: ComposeResourceReservation | undefined;
}

export interface ComposeResourceLimit {
  /** As written (`"0.5"`); parsed as a rational by the conversion. */
  readonly cpus: string;
  /** Bytes (go-units RAMInBytes). */
  readonly memory: number;
  readonly pids: number;
}

export interface ComposeResourceReservation {
  readonly cpus: string;
  readonly memory: number;
  readonly genericResources: readonly ComposeGenericResource[];
}

export interface ComposeGenericResource {
  readonly discreteResourceSpec: { readonly kind: string; readonly value: number } | undefined;
}

export interface ComposeRestartPolicy {
  readonly condition: string;
  readonly delay: number | undefined;
  readonly maxAttempts: number | undefined;
  readonly window: number | undefined;
}

export interface ComposePlacement {
  readonly constraints: readonly string[];
  readonly preferences: readonly { readonly spread: string }[];
  readonly maxReplicas: number;
}

export interface ComposeHealthcheck {
  /** A string test is `["CMD-SHELL", test]`. */
  readonly test: readonly string[] | undefined;
  readonly timeout: number | undefined;
  readonly interval: number | undefined;
  readonly retries: number | undefined;
  readonly startPeriod: number | undefined;
  readonly startInterval: number | undefined;
  readonly disable: boolean;
}

export interface ComposeLogging {
  readonly driver: string;
  readonly options: Readonly<Record<string, string>> | undefined;
}

export interface ComposeServiceNetwork {
  readonly aliases: readonly string[] | undefined;
  readonly driverOpts: Readonly<Record<string, string>> | undefined;
  readonly ipv4Address: string;
  readonly ipv6Address: string;
}

export interface ComposePort {
  /** `""` when a long-syntax entry omits it (the daemon defaults to ingress). */
  readonly mode: string;
  readonly target: number;
  /** 0 = not published (the swarm assigns one). */
  readonly published: number;
  /** `""` when a long-syntax entry omits it (the daemon defaults to tcp). */
  readonly protocol: string;
}

export interface ComposeServiceVolume {
  /** `volume`, `bind`, `tmpfs`, `npipe`, … as written or inferred. */
  readonly type: string;
  /** Absolute for binds; the compose key for named volumes; `""` for anonymous ones. */
  readonly source: string;
  readonly target: string;
  readonly readOnly: boolean;
  readonly consistency: string;
  readonly bind: { readonly propagation: string } | undefined;
  readonly volume: { readonly nocopy: boolean } | undefined;
  readonly tmpfs: { readonly size: number } | undefined;
}

export interface ComposeFileReference {
  readonly source: string;
  readonly target: string;
  readonly uid: string;
  readonly gid: string;
  readonly mode: number | undefined;
}

export interface ComposeUlimit {
  /** A single integer sets soft = hard. */
  readonly single: number;
  readonly soft: number;
  readonly hard: number;
}

export interface ComposeNetwork {
  /** Explicit `name:`, the external name, or the key for external networks. */
  readonly name: string;
  readonly driver: string;
  readonly driverOpts: Readonly<Record<string, string>>;
  readonly ipam: { readonly driver: string; readonly config: readonly { readonly subnet: string }[] };
  /** `external: true` or the deprecated `external: {name}` (its name is moved into `name`). */
  readonly external: boolean;
  readonly internal: boolean;
  readonly attachable: boolean;
  readonly labels: Readonly<Record<string, string>>;
  readonly extras: ComposeExtras;
}

export interface ComposeVolume {
  readonly name: string;
  readonly driver: string;
  readonly driverOpts: Readonly<Record<string, string>>;
  /** `external: true` or the deprecated `external: {name}` (its name is moved into `name`). */
  readonly external: boolean;
  readonly labels: Readonly<Record<string, string>>;
  /** `x-cluster-spec` (23.0+): parsed by the CLI, never acted on by stack deploy. */
  readonly clusterSpec: ComposeExtraValue | undefined;
  readonly extras: ComposeExtras;
}

/** A top-level secret or config. */
export interface ComposeFileObject {
  readonly name: string;
  /** Absolute path for file-based objects; `""` for external or driver-based ones. */
  readonly file: string;
  /** `external: true` or the deprecated `external: {name}` (its name is moved into `name`). */
  readonly external: boolean;
  readonly labels: Readonly<Record<string, string>>;
  readonly driver: string;
  readonly driverOpts: Readonly<Record<string, string>>;
  readonly templateDriver: string;
  /** Contents of `file`, read at load time so conversion needs no I/O. */
  readonly data: Uint8Array | undefined;
  readonly extras: ComposeExtras;
}
