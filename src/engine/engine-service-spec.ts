/**
 * The Engine API (1.41) JSON shape of a service spec, as `POST /services/create`
 * accepts it and `GET /services/{id}` returns it. Written out here rather than
 * taken from @types/dockerode, whose service types misspell `Healthcheck`,
 * lack `Privileges.NoNewPrivileges`, `ConfigReference.Runtime` and `Templating`,
 * and use container-create mount shapes. Durations are nanoseconds.
 */

export type StringMap = Readonly<Record<string, string>>;

export interface ServiceSpec {
  readonly Name: string;
  /** Service labels (compose `deploy.labels` + `com.docker.stack.*`). */
  readonly Labels?: StringMap;
  readonly TaskTemplate: TaskTemplate;
  readonly Mode?: ServiceMode;
  readonly UpdateConfig?: UpdateConfig;
  readonly RollbackConfig?: UpdateConfig;
  /** Deprecated attachment list (API < 1.29); the CLI uses `TaskTemplate.Networks`. */
  readonly Networks?: readonly NetworkAttachment[];
  readonly EndpointSpec?: EndpointSpec;
}

export interface TaskTemplate {
  readonly ContainerSpec?: ContainerSpec;
  readonly Resources?: ResourceRequirements;
  readonly RestartPolicy?: RestartPolicy;
  readonly Placement?: Placement;
  readonly Networks?: readonly NetworkAttachment[];
  readonly LogDriver?: LogDriver;
  /** Counter bumped by `docker service update --force`; stack deploy copies it from the live service. */
  readonly ForceUpdate?: number;
  /** `container` (the daemon fills it in), `plugin` or `attachment`. */
  readonly Runtime?: string;
}

export interface ContainerSpec {
  readonly Image: string;
  /** Container labels (compose `labels` + the namespace label). */
  readonly Labels?: StringMap;
  /** compose `entrypoint`. */
  readonly Command?: readonly string[];
  /** compose `command`. */
  readonly Args?: readonly string[];
  readonly Hostname?: string;
  /** `KEY=VALUE` or a bare `KEY`. */
  readonly Env?: readonly string[];
  readonly Dir?: string;
  readonly User?: string;
  readonly Groups?: readonly string[];
  readonly Privileges?: Privileges;
  readonly Init?: boolean;
  readonly TTY?: boolean;
  readonly OpenStdin?: boolean;
  readonly ReadOnly?: boolean;
  readonly Mounts?: readonly Mount[];
  readonly StopSignal?: string;
  readonly StopGracePeriod?: number;
  readonly Healthcheck?: HealthConfig;
  /** `"ip host"` entries for /etc/hosts. */
  readonly Hosts?: readonly string[];
  readonly DNSConfig?: DnsConfig;
  readonly Secrets?: readonly SecretReference[];
  readonly Configs?: readonly ConfigReference[];
  readonly Isolation?: string;
  readonly Sysctls?: StringMap;
  readonly CapabilityAdd?: readonly string[];
  readonly CapabilityDrop?: readonly string[];
  readonly Ulimits?: readonly Ulimit[];
}

export interface Privileges {
  readonly CredentialSpec?: CredentialSpec | null;
  readonly SELinuxContext?: SeLinuxContext | null;
  /** Sent by 25.0+ CLIs; a 1.41 daemon drops it. */
  readonly NoNewPrivileges?: boolean;
}

export interface CredentialSpec {
  readonly Config?: string;
  readonly File?: string;
  readonly Registry?: string;
}

export interface SeLinuxContext {
  readonly Disable?: boolean;
  readonly User?: string;
  readonly Role?: string;
  readonly Type?: string;
  readonly Level?: string;
}

export interface Mount {
  readonly Type: "bind" | "volume" | "tmpfs" | "npipe" | "cluster";
  readonly Source?: string;
  readonly Target: string;
  readonly ReadOnly?: boolean;
  readonly Consistency?: string;
  readonly BindOptions?: { readonly Propagation?: string; readonly NonRecursive?: boolean };
  readonly VolumeOptions?: {
    readonly NoCopy?: boolean;
    readonly Labels?: StringMap;
    readonly DriverConfig?: { readonly Name?: string; readonly Options?: StringMap };
  };
  readonly TmpfsOptions?: { readonly SizeBytes?: number; readonly Mode?: number };
}

export interface HealthConfig {
  /** `["NONE"]`, `["CMD", ...]` or `["CMD-SHELL", "..."]`. */
  readonly Test?: readonly string[];
  readonly Interval?: number;
  readonly Timeout?: number;
  readonly StartPeriod?: number;
  readonly StartInterval?: number;
  readonly Retries?: number;
}

export interface DnsConfig {
  readonly Nameservers?: readonly string[];
  readonly Search?: readonly string[];
  readonly Options?: readonly string[];
}

export interface FileTarget {
  /** Path inside the container (`/run/secrets/<Name>` when relative). */
  readonly Name: string;
  readonly UID: string;
  readonly GID: string;
  readonly Mode: number;
}

export interface SecretReference {
  readonly File?: FileTarget;
  /** Filled in by the deploy engine from the secret's name, like the CLI's lookup. */
  readonly SecretID?: string;
  readonly SecretName: string;
}

export interface ConfigReference {
  readonly File?: FileTarget;
  /** Present (empty) for the credential-spec config reference. */
  readonly Runtime?: Readonly<Record<string, never>>;
  /** Filled in by the deploy engine from the config's name, like the CLI's lookup. */
  readonly ConfigID?: string;
  readonly ConfigName: string;
}

export interface Ulimit {
  readonly Name: string;
  readonly Soft: number;
  readonly Hard: number;
}

export interface ResourceRequirements {
  readonly Limits?: { readonly NanoCPUs?: number; readonly MemoryBytes?: number; readonly Pids?: number };
  readonly Reservations?: {
    readonly NanoCPUs?: number;
    readonly MemoryBytes?: number;
    readonly GenericResources?: readonly GenericResource[];
  };
}

export interface GenericResource {
  readonly NamedResourceSpec?: { readonly Kind: string; readonly Value: string };
  readonly DiscreteResourceSpec?: { readonly Kind: string; readonly Value: number };
}

export interface RestartPolicy {
  /** `none`, `on-failure` or `any` (the daemon turns "" into `any`). */
  readonly Condition?: string;
  readonly Delay?: number;
  readonly MaxAttempts?: number;
  readonly Window?: number;
}

export interface Placement {
  readonly Constraints?: readonly string[];
  readonly Preferences?: readonly { readonly Spread: { readonly SpreadDescriptor: string } }[];
  readonly MaxReplicas?: number;
  readonly Platforms?: readonly Platform[];
}

export interface Platform {
  readonly Architecture: string;
  readonly OS: string;
}

export interface NetworkAttachment {
  /** A network name in a request; the daemon stores the network ID. */
  readonly Target: string;
  readonly Aliases?: readonly string[];
  readonly DriverOpts?: StringMap;
}

export interface LogDriver {
  readonly Name: string;
  readonly Options?: StringMap;
}

export interface ServiceMode {
  readonly Replicated?: { readonly Replicas?: number };
  readonly Global?: Readonly<Record<string, never>>;
  readonly ReplicatedJob?: { readonly MaxConcurrent?: number; readonly TotalCompletions?: number };
  readonly GlobalJob?: Readonly<Record<string, never>>;
}

export interface UpdateConfig {
  readonly Parallelism?: number;
  readonly Delay?: number;
  /** `pause` (daemon default for ""), `continue` or `rollback`. */
  readonly FailureAction?: string;
  readonly Monitor?: number;
  readonly MaxFailureRatio?: number;
  /** `stop-first` (daemon default for "") or `start-first`. */
  readonly Order?: string;
}

export interface EndpointSpec {
  /** `vip` (daemon default) or `dnsrr`. */
  readonly Mode?: string;
  readonly Ports?: readonly PortConfig[];
}

export interface PortConfig {
  readonly Name?: string;
  readonly Protocol?: "tcp" | "udp" | "sctp";
  readonly TargetPort?: number;
  readonly PublishedPort?: number;
  readonly PublishMode?: "ingress" | "host";
}
