import type { ComposeService } from "../compose-project.js";
import { formatGoValue } from "../../go/fmt.js";
import { isYamlList, type PathSegment, type YamlMap, type YamlValue } from "../yaml/yaml-value.js";
import { decodeBool, decodeDuration, decodeMappingOrList, decodeString, decodeStringList, extrasOf, mapOrEmpty } from "./decode-values.js";
import type { LoadContext } from "./load-context.js";
import { loadDeploy } from "./load-deploy.js";
import { loadBuild, loadExtraHosts, loadHealthcheck, loadLogging, loadShellCommand, resolveVolumePaths } from "./load-service-fields.js";
import { loadFileReferences, loadPorts, loadServiceNetworks, loadServiceVolumes, loadUlimits } from "./load-service-lists.js";
import { resolveEnvironment } from "./resolve-environment.js";

/** mapstructure names of the plain string fields (the Go field name, or its `mapstructure` tag). */
const STRING_FIELDS = {
  cgroupnsMode: ["cgroupns_mode", "cgroupns_mode"],
  cgroupParent: ["cgroup_parent", "cgroup_parent"],
  containerName: ["container_name", "container_name"],
  domainname: ["domainname", "domainname"],
  hostname: ["hostname", "Hostname"],
  image: ["image", "Image"],
  ipc: ["ipc", "Ipc"],
  isolation: ["isolation", "isolation"],
  macAddress: ["mac_address", "mac_address"],
  networkMode: ["network_mode", "network_mode"],
  pid: ["pid", "Pid"],
  restart: ["restart", "Restart"],
  shmSize: ["shm_size", "shm_size"],
  stopSignal: ["stop_signal", "stop_signal"],
  user: ["user", "User"],
  usernsMode: ["userns_mode", "userns_mode"],
  workingDir: ["working_dir", "working_dir"],
} as const;

type StringField = keyof typeof STRING_FIELDS;

function loadStringFields(ctx: LoadContext, dict: YamlMap, path: readonly PathSegment[]): Record<StringField, string> {
  const entries = Object.entries(STRING_FIELDS).map(([field, [key, name]]) => [field, decodeString(ctx, dict.get(key), [...path, key], name)]);
  return Object.fromEntries(entries) as Record<StringField, string>;
}

function envFileEntries(value: YamlValue | undefined, path: readonly PathSegment[]): { file: string; path: PathSegment[] }[] {
  if (typeof value === "string") return [{ file: value, path: [...path, "env_file"] }];
  if (!isYamlList(value)) return [];
  return value.map((entry, index) => ({ file: formatGoValue(entry), path: [...path, "env_file", index] }));
}

/** `LoadService`: decode, then resolve environment and bind-mount paths. */
export async function loadService(ctx: LoadContext, name: string, dict: YamlMap, path: readonly PathSegment[]): Promise<ComposeService> {
  const at = (key: string) => [...path, key];
  const credentialSpec = mapOrEmpty(dict.get("credential_spec"));
  const envFiles = envFileEntries(dict.get("env_file"), path);
  const environment = await resolveEnvironment(ctx, envFiles, decodeMappingOrList(dict.get("environment"), "=", true));
  const init = dict.get("init");
  return {
    name,
    ...loadStringFields(ctx, dict, path),
    build: loadBuild(ctx, dict.get("build"), at("build")),
    capAdd: decodeStringList(dict.get("cap_add")),
    capDrop: decodeStringList(dict.get("cap_drop")),
    command: loadShellCommand(ctx, dict.get("command"), at("command"), "Command"),
    configs: loadFileReferences(ctx, dict.get("configs"), at("configs"), "Configs"),
    credentialSpec: {
      config: decodeString(ctx, credentialSpec.get("config"), at("credential_spec"), "credential_spec.Config"),
      file: decodeString(ctx, credentialSpec.get("file"), at("credential_spec"), "credential_spec.File"),
      registry: decodeString(ctx, credentialSpec.get("registry"), at("credential_spec"), "credential_spec.Registry"),
    },
    dependsOn: decodeStringList(dict.get("depends_on")),
    deploy: loadDeploy(ctx, dict.get("deploy"), at("deploy")),
    devices: decodeStringList(dict.get("devices")),
    dns: decodeStringList(dict.get("dns")),
    dnsSearch: decodeStringList(dict.get("dns_search")),
    entrypoint: loadShellCommand(ctx, dict.get("entrypoint"), at("entrypoint"), "Entrypoint"),
    environment,
    envFile: envFiles.map((entry) => entry.file),
    expose: decodeStringList(dict.get("expose")),
    externalLinks: decodeStringList(dict.get("external_links")),
    extraHosts: loadExtraHosts(ctx, dict.get("extra_hosts")),
    healthcheck: loadHealthcheck(ctx, dict.get("healthcheck"), at("healthcheck")),
    init: typeof init === "boolean" ? init : undefined,
    labels: decodeMappingOrList(dict.get("labels"), "=", false),
    links: decodeStringList(dict.get("links")),
    logging: loadLogging(ctx, dict.get("logging"), at("logging")),
    networks: loadServiceNetworks(ctx, dict.get("networks"), at("networks")),
    ports: loadPorts(ctx, dict.get("ports"), at("ports")),
    privileged: decodeBool(dict.get("privileged")),
    readOnly: decodeBool(dict.get("read_only")),
    secrets: loadFileReferences(ctx, dict.get("secrets"), at("secrets"), "Secrets"),
    securityOpt: decodeStringList(dict.get("security_opt")),
    stdinOpen: decodeBool(dict.get("stdin_open")),
    stopGracePeriod: decodeDuration(ctx, dict.get("stop_grace_period"), at("stop_grace_period"), "stop_grace_period"),
    sysctls: decodeMappingOrList(dict.get("sysctls"), "=", false),
    tmpfs: decodeStringList(dict.get("tmpfs")),
    tty: decodeBool(dict.get("tty")),
    ulimits: loadUlimits(ctx, dict.get("ulimits"), at("ulimits")),
    volumes: resolveVolumePaths(ctx, loadServiceVolumes(ctx, dict.get("volumes"), at("volumes")), at("volumes")),
    extras: extrasOf(dict),
  };
}
