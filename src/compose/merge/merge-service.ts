import type {
  ComposeDeploy,
  ComposeHealthcheck,
  ComposeLogging,
  ComposeService,
  ComposeServiceNetwork,
  ComposeUpdateConfig,
} from "../compose-project.js";
import type { ComposeCompat } from "../types.js";
import {
  appendLists,
  mergeBool,
  mergeByKey,
  mergeEnvironment,
  mergeExtras,
  mergeNumber,
  mergeOptional,
  mergeString,
  mergeStringRecord,
  mergeUint64,
} from "./merge-values.js";

/** 23.0+ `mergeShellCommand`: a non-empty override replaces; 20.10 appends. */
function mergeCommand(base: readonly string[] | undefined, override: readonly string[] | undefined, compat: ComposeCompat): string[] | undefined {
  if (compat === "20.10") return base === undefined && override === undefined ? undefined : [...(base ?? []), ...(override ?? [])];
  if (base === undefined) return override === undefined ? undefined : [...override];
  return override !== undefined && override.length > 0 ? [...override] : [...base];
}

/** `mergeLoggingConfig`: same (or unset) driver merges options, another driver replaces. */
function mergeLogging(base: ComposeLogging | undefined, override: ComposeLogging | undefined): ComposeLogging | undefined {
  if (!base || !override) return override ?? base;
  if (base.driver !== override.driver && base.driver !== "" && override.driver !== "") return override;
  // The CLI merges into a copy of a nil base options map, so those options are lost.
  const options = base.options === undefined ? undefined : mergeStringRecord(base.options, override.options ?? {});
  return { driver: base.driver || override.driver, options };
}

/** `mergeServiceNetworkConfig`: aliases are replaced, addresses overridden when set. */
function mergeNetworks(
  base: Readonly<Record<string, ComposeServiceNetwork | null>> | undefined,
  override: Readonly<Record<string, ComposeServiceNetwork | null>> | undefined,
): Record<string, ComposeServiceNetwork | null> | undefined {
  if (!override) return base && { ...base };
  const out = new Map(Object.entries(base ?? {}));
  for (const [key, value] of Object.entries(override)) {
    const current = out.get(key);
    if (!current || !value) {
      if (!current) out.set(key, value);
      continue;
    }
    out.set(key, {
      aliases: value.aliases,
      driverOpts: current.driverOpts,
      ipv4Address: mergeString(current.ipv4Address, value.ipv4Address),
      ipv6Address: mergeString(current.ipv6Address, value.ipv6Address),
    });
  }
  return Object.fromEntries(out);
}

function mergeUpdateConfig(base: ComposeUpdateConfig | undefined, override: ComposeUpdateConfig | undefined, compat: ComposeCompat) {
  return mergeOptional(base, override, (a, b) => ({
    parallelism: mergeUint64(a.parallelism, b.parallelism, compat),
    delay: mergeNumber(a.delay, b.delay),
    failureAction: mergeString(a.failureAction, b.failureAction),
    monitor: mergeNumber(a.monitor, b.monitor),
    maxFailureRatio: mergeNumber(a.maxFailureRatio, b.maxFailureRatio),
    order: mergeString(a.order, b.order),
  }));
}

function mergeDeploy(a: ComposeDeploy, b: ComposeDeploy, compat: ComposeCompat): ComposeDeploy {
  const { limits, reservations } = a.resources;
  return {
    mode: mergeString(a.mode, b.mode),
    replicas: mergeUint64(a.replicas, b.replicas, compat),
    labels: mergeStringRecord(a.labels, b.labels),
    updateConfig: mergeUpdateConfig(a.updateConfig, b.updateConfig, compat),
    rollbackConfig: mergeUpdateConfig(a.rollbackConfig, b.rollbackConfig, compat),
    resources: {
      limits: mergeOptional(limits, b.resources.limits, (x, y) => ({
        cpus: mergeString(x.cpus, y.cpus),
        memory: mergeNumber(x.memory, y.memory),
        pids: mergeNumber(x.pids, y.pids),
      })),
      reservations: mergeOptional(reservations, b.resources.reservations, (x, y) => ({
        cpus: mergeString(x.cpus, y.cpus),
        memory: mergeNumber(x.memory, y.memory),
        genericResources: appendLists(x.genericResources, y.genericResources),
      })),
    },
    restartPolicy: mergeOptional(a.restartPolicy, b.restartPolicy, (x, y) => ({
      condition: mergeString(x.condition, y.condition),
      delay: mergeOptional(x.delay, y.delay, mergeNumber),
      maxAttempts: mergeUint64(x.maxAttempts, y.maxAttempts, compat),
      window: mergeOptional(x.window, y.window, mergeNumber),
    })),
    placement: {
      constraints: appendLists(a.placement.constraints, b.placement.constraints),
      preferences: appendLists(a.placement.preferences, b.placement.preferences),
      maxReplicas: mergeNumber(a.placement.maxReplicas, b.placement.maxReplicas),
    },
    endpointMode: mergeString(a.endpointMode, b.endpointMode),
  };
}

function mergeHealthcheck(base: ComposeHealthcheck | undefined, override: ComposeHealthcheck | undefined, compat: ComposeCompat) {
  return mergeOptional(base, override, (a, b) => ({
    // HealthCheckTest has no special merge rule, so mergo appends it.
    test: a.test === undefined && b.test === undefined ? undefined : appendLists(a.test ?? [], b.test ?? []),
    timeout: mergeOptional(a.timeout, b.timeout, mergeNumber),
    interval: mergeOptional(a.interval, b.interval, mergeNumber),
    retries: mergeUint64(a.retries, b.retries, compat),
    startPeriod: mergeOptional(a.startPeriod, b.startPeriod, mergeNumber),
    startInterval: mergeOptional(a.startInterval, b.startInterval, mergeNumber),
    disable: mergeBool(a.disable, b.disable),
  }));
}

/** `mergo.Merge(base, override, WithAppendSlice, WithOverride, WithTransformers(specials))` for one service. */
export function mergeService(a: ComposeService, b: ComposeService, compat: ComposeCompat): ComposeService {
  const s = (key: keyof ComposeService & string) => mergeString(a[key] as string, b[key] as string);
  return {
    name: a.name,
    build: {
      context: mergeString(a.build.context, b.build.context),
      dockerfile: mergeString(a.build.dockerfile, b.build.dockerfile),
      args: mergeEnvironment(a.build.args, b.build.args),
      labels: mergeStringRecord(a.build.labels, b.build.labels),
      cacheFrom: appendLists(a.build.cacheFrom, b.build.cacheFrom),
      extraHosts: appendLists(a.build.extraHosts, b.build.extraHosts),
      network: mergeString(a.build.network, b.build.network),
      target: mergeString(a.build.target, b.build.target),
    },
    capAdd: appendLists(a.capAdd, b.capAdd),
    capDrop: appendLists(a.capDrop, b.capDrop),
    cgroupnsMode: s("cgroupnsMode"),
    cgroupParent: s("cgroupParent"),
    command: mergeCommand(a.command, b.command, compat),
    configs: mergeByKey(a.configs, b.configs, (ref) => ref.source),
    containerName: s("containerName"),
    credentialSpec: {
      config: mergeString(a.credentialSpec.config, b.credentialSpec.config),
      file: mergeString(a.credentialSpec.file, b.credentialSpec.file),
      registry: mergeString(a.credentialSpec.registry, b.credentialSpec.registry),
    },
    dependsOn: appendLists(a.dependsOn, b.dependsOn),
    deploy: mergeDeploy(a.deploy, b.deploy, compat),
    devices: appendLists(a.devices, b.devices),
    dns: appendLists(a.dns, b.dns),
    dnsSearch: appendLists(a.dnsSearch, b.dnsSearch),
    domainname: s("domainname"),
    entrypoint: mergeCommand(a.entrypoint, b.entrypoint, compat),
    environment: mergeEnvironment(a.environment, b.environment),
    envFile: appendLists(a.envFile, b.envFile),
    expose: appendLists(a.expose, b.expose),
    externalLinks: appendLists(a.externalLinks, b.externalLinks),
    extraHosts: appendLists(a.extraHosts, b.extraHosts),
    hostname: s("hostname"),
    healthcheck: mergeHealthcheck(a.healthcheck, b.healthcheck, compat),
    image: s("image"),
    init: mergeOptional(a.init, b.init, mergeBool),
    ipc: s("ipc"),
    isolation: s("isolation"),
    labels: mergeStringRecord(a.labels, b.labels),
    links: appendLists(a.links, b.links),
    logging: mergeLogging(a.logging, b.logging),
    macAddress: s("macAddress"),
    networkMode: s("networkMode"),
    networks: mergeNetworks(a.networks, b.networks),
    pid: s("pid"),
    ports: mergeByKey(a.ports, b.ports, (port) => port.published),
    privileged: mergeBool(a.privileged, b.privileged),
    readOnly: mergeBool(a.readOnly, b.readOnly),
    restart: s("restart"),
    secrets: mergeByKey(a.secrets, b.secrets, (ref) => ref.source),
    securityOpt: appendLists(a.securityOpt, b.securityOpt),
    shmSize: s("shmSize"),
    stdinOpen: mergeBool(a.stdinOpen, b.stdinOpen),
    stopGracePeriod: mergeOptional(a.stopGracePeriod, b.stopGracePeriod, mergeNumber),
    stopSignal: s("stopSignal"),
    sysctls: mergeStringRecord(a.sysctls, b.sysctls),
    tmpfs: appendLists(a.tmpfs, b.tmpfs),
    tty: mergeBool(a.tty, b.tty),
    ulimits: { ...a.ulimits, ...b.ulimits },
    user: s("user"),
    usernsMode: s("usernsMode"),
    volumes: compat === "20.10" ? appendLists(a.volumes, b.volumes) : mergeByKey(a.volumes, b.volumes, (volume) => volume.target),
    workingDir: s("workingDir"),
    extras: mergeExtras(a.extras, b.extras, compat),
  };
}
