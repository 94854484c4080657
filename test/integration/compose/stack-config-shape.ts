import type {
  ComposeDeploy,
  ComposeFileObject,
  ComposeHealthcheck,
  ComposeNetwork,
  ComposeProject,
  ComposeService,
  ComposeUpdateConfig,
  ComposeVolume,
} from "../../../src/compose/compose-project.js";

/**
 * Renders a ComposeProject in the shape `docker stack config` prints
 * (docker/cli `types.Config` marshalled by yaml v3 with its `omitempty`
 * tags), so both can be compared as plain data.
 */

type Shape = { [key: string]: unknown };

/** Go's `time.Duration.String()`. */
export function formatGoDuration(nanoseconds: number): string {
  if (nanoseconds === 0) return "0s";
  const sign = nanoseconds < 0 ? "-" : "";
  let rest = BigInt(Math.abs(nanoseconds));
  if (rest < 1_000_000_000n) {
    const [unit, scale] = rest < 1000n ? ["ns", 1n] : rest < 1_000_000n ? ["µs", 1000n] : ["ms", 1_000_000n];
    return `${sign}${fraction(rest, scale)}${unit}`;
  }
  const hours = rest / 3_600_000_000_000n;
  rest %= 3_600_000_000_000n;
  const minutes = rest / 60_000_000_000n;
  rest %= 60_000_000_000n;
  const seconds = fraction(rest, 1_000_000_000n);
  if (hours > 0n) return `${sign}${hours}h${minutes}m${seconds}s`;
  if (minutes > 0n) return `${sign}${minutes}m${seconds}s`;
  return `${sign}${seconds}s`;
}

function fraction(value: bigint, scale: bigint): string {
  const whole = value / scale;
  const rest = value % scale;
  if (rest === 0n) return String(whole);
  const digits = String(rest).padStart(String(scale).length - 1, "0").replace(/0+$/, "");
  return `${whole}.${digits}`;
}

/** Drops Go zero values the way `omitempty` does for plain fields. */
function compact(shape: Shape): Shape {
  const out: Shape = {};
  for (const [key, value] of Object.entries(shape)) {
    if (value === undefined || value === "" || value === 0 || value === false) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    if (value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0) continue;
    out[key] = value;
  }
  return out;
}

/** Pointer fields: present (even when zero) whenever set. */
function pointer<T>(value: T | undefined, render: (v: T) => unknown = (v) => v): unknown {
  return value === undefined ? undefined : { keep: render(value) };
}

function unwrapPointers(shape: Shape): Shape {
  const out: Shape = {};
  for (const [key, value] of Object.entries(shape)) {
    out[key] = value !== null && typeof value === "object" && "keep" in value ? (value as { keep: unknown }).keep : value;
  }
  return out;
}

function shapeOf(fields: Shape): Shape {
  const pointers = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null && typeof v === "object" && "keep" in (v as object)));
  const plain = compact(Object.fromEntries(Object.entries(fields).filter(([k]) => !(k in pointers))));
  return unwrapPointers({ ...plain, ...pointers });
}

function updateConfig(config: ComposeUpdateConfig): Shape {
  return shapeOf({
    parallelism: pointer(config.parallelism),
    delay: config.delay === 0 ? undefined : formatGoDuration(config.delay),
    failure_action: config.failureAction,
    monitor: config.monitor === 0 ? undefined : formatGoDuration(config.monitor),
    max_failure_ratio: config.maxFailureRatio,
    order: config.order,
  });
}

function deploy(d: ComposeDeploy): Shape {
  const limits = d.resources.limits;
  const reservations = d.resources.reservations;
  return shapeOf({
    mode: d.mode,
    replicas: pointer(d.replicas),
    labels: d.labels,
    update_config: pointer(d.updateConfig, updateConfig),
    rollback_config: pointer(d.rollbackConfig, updateConfig),
    resources: shapeOf({
      limits: pointer(limits, (l) => shapeOf({ cpus: l.cpus, memory: l.memory === 0 ? undefined : String(l.memory), pids: l.pids })),
      reservations: pointer(reservations, (r) =>
        shapeOf({
          cpus: r.cpus,
          memory: r.memory === 0 ? undefined : String(r.memory),
          generic_resources: r.genericResources.map((g) =>
            compact({ discrete_resource_spec: g.discreteResourceSpec && { kind: g.discreteResourceSpec.kind, value: g.discreteResourceSpec.value } }),
          ),
        }),
      ),
    }),
    restart_policy: pointer(d.restartPolicy, (r) =>
      shapeOf({
        condition: r.condition,
        delay: pointer(r.delay, formatGoDuration),
        max_attempts: pointer(r.maxAttempts),
        window: pointer(r.window, formatGoDuration),
      }),
    ),
    placement: compact({ constraints: d.placement.constraints, preferences: d.placement.preferences.map((p) => compact({ ...p })), max_replicas_per_node: d.placement.maxReplicas }),
    endpoint_mode: d.endpointMode,
  });
}

function healthcheck(h: ComposeHealthcheck): Shape {
  return shapeOf({
    test: h.test,
    timeout: pointer(h.timeout, formatGoDuration),
    interval: pointer(h.interval, formatGoDuration),
    retries: pointer(h.retries),
    start_period: pointer(h.startPeriod, formatGoDuration),
    start_interval: pointer(h.startInterval, formatGoDuration),
    disable: h.disable,
  });
}

function service(s: ComposeService): Shape {
  return shapeOf({
    build: compact({ ...s.build, cache_from: s.build.cacheFrom, extra_hosts: s.build.extraHosts, cacheFrom: undefined, extraHosts: undefined }),
    cap_add: s.capAdd,
    cap_drop: s.capDrop,
    cgroupns_mode: s.cgroupnsMode,
    cgroup_parent: s.cgroupParent,
    command: s.command,
    configs: s.configs.map((c) => shapeOf({ source: c.source, target: c.target, uid: c.uid, gid: c.gid, mode: pointer(c.mode) })),
    container_name: s.containerName,
    credential_spec: compact({ ...s.credentialSpec }),
    depends_on: s.dependsOn,
    deploy: deploy(s.deploy),
    devices: s.devices,
    dns: s.dns,
    dns_search: s.dnsSearch,
    domainname: s.domainname,
    entrypoint: s.entrypoint,
    environment: s.environment,
    env_file: s.envFile,
    expose: s.expose,
    external_links: s.externalLinks,
    extra_hosts: s.extraHosts,
    hostname: s.hostname,
    healthcheck: pointer(s.healthcheck, healthcheck),
    image: s.image,
    init: pointer(s.init),
    ipc: s.ipc,
    isolation: s.isolation,
    labels: s.labels,
    links: s.links,
    logging: pointer(s.logging, (l) => compact({ driver: l.driver, options: l.options })),
    mac_address: s.macAddress,
    network_mode: s.networkMode,
    networks:
      s.networks &&
      Object.fromEntries(
        Object.entries(s.networks).map(([k, n]) => [
          k,
          n && compact({ aliases: n.aliases, driver_opts: n.driverOpts, ipv4_address: n.ipv4Address, ipv6_address: n.ipv6Address }),
        ]),
      ),
    pid: s.pid,
    ports: s.ports.map((p) => compact({ ...p })),
    privileged: s.privileged,
    read_only: s.readOnly,
    restart: s.restart,
    secrets: s.secrets.map((c) => shapeOf({ source: c.source, target: c.target, uid: c.uid, gid: c.gid, mode: pointer(c.mode) })),
    security_opt: s.securityOpt,
    shm_size: s.shmSize,
    stdin_open: s.stdinOpen,
    stop_grace_period: pointer(s.stopGracePeriod, formatGoDuration),
    stop_signal: s.stopSignal,
    sysctls: s.sysctls,
    tmpfs: s.tmpfs,
    tty: s.tty,
    ulimits: Object.fromEntries(Object.entries(s.ulimits).map(([k, u]) => [k, u.single !== 0 ? u.single : compact({ soft: u.soft, hard: u.hard })])),
    user: s.user,
    userns_mode: s.usernsMode,
    volumes: s.volumes.map((v) =>
      shapeOf({
        type: v.type,
        source: v.source,
        target: v.target,
        read_only: v.readOnly,
        consistency: v.consistency,
        bind: pointer(v.bind, (b) => compact({ ...b })),
        volume: pointer(v.volume, (b) => compact({ ...b })),
        tmpfs: pointer(v.tmpfs, (b) => compact({ ...b })),
      }),
    ),
    working_dir: s.workingDir,
    ...s.extras,
  });
}

function network(n: ComposeNetwork): Shape {
  return compact({
    name: n.name,
    driver: n.driver,
    driver_opts: n.driverOpts,
    ipam: compact({ driver: n.ipam.driver, config: n.ipam.config.map((c) => compact({ ...c })) }),
    external: n.external,
    internal: n.internal,
    attachable: n.attachable,
    labels: n.labels,
    ...n.extras,
  });
}

function volume(v: ComposeVolume): Shape {
  const spec = v.clusterSpec === undefined ? {} : { "x-cluster-spec": v.clusterSpec };
  return compact({ name: v.name, driver: v.driver, driver_opts: v.driverOpts, external: v.external, labels: v.labels, ...v.extras, ...spec });
}

function fileObject(o: ComposeFileObject): Shape {
  return compact({
    name: o.name,
    file: o.file,
    external: o.external,
    labels: o.labels,
    driver: o.driver,
    driver_opts: o.driverOpts,
    template_driver: o.templateDriver,
    ...o.extras,
  });
}

export function toStackConfigShape(project: ComposeProject): Shape {
  const record = <T>(entries: Readonly<Record<string, T>>, render: (v: T) => Shape) =>
    Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, render(v)]));
  return {
    ...compact({
    version: project.version,
    networks: record(project.networks, network),
    volumes: record(project.volumes, volume),
    secrets: record(project.secrets, fileObject),
    configs: record(project.configs, fileObject),
    ...project.extras,
    }),
    // `services` has no omitempty tag: an empty map is printed.
    services: Object.fromEntries(project.services.map((s) => [s.name, service(s)])),
  };
}
