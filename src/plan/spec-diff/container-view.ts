/**
 * The ContainerSpec half of the service view. Normalisations reproduce what a
 * 1.41 daemon stores for a spec the CLI sent (observed with `GET /services/{id}`
 * after `docker stack deploy`): empty lists and maps are dropped, `Isolation`
 * becomes `default`, `Privileges` keeps `null`s and drops `NoNewPrivileges`,
 * false booleans (`TTY`, `OpenStdin`, `ReadOnly`) are omitted, and a credential
 * spec gets the sources it does not use as "".
 */
import type { ConfigReference, ContainerSpec, Mount, SecretReference } from "../../engine/engine-service-spec.js";
import { formatGoDuration } from "../../go/duration.js";
import { formatFileMode } from "./format-values.js";
import { canonicalJson, type Leaf, type ObjectViewBuilder } from "./object-view.js";
import { addUnknownFields, toLeaf } from "./unknown-fields.js";

const KNOWN_CONTAINER_FIELDS = [
  "Image", "Labels", "Command", "Args", "Hostname", "Env", "Dir", "User", "Groups", "Privileges", "Init", "TTY",
  "OpenStdin", "ReadOnly", "Mounts", "StopSignal", "StopGracePeriod", "Healthcheck", "Hosts", "DNSConfig", "Secrets",
  "Configs", "Isolation", "Sysctls", "CapabilityAdd", "CapabilityDrop", "Ulimits",
];

const DEFAULT_FILE_MODE = 0o444;

export function addContainerFields(
  builder: ObjectViewBuilder,
  spec: ContainerSpec | undefined,
  isSensitiveEnv: (name: string) => boolean,
): void {
  if (spec === undefined) return;
  builder
    .value("image", spec.Image)
    .value("entrypoint", spec.Command)
    .value("command", spec.Args)
    .keyed("env", parseEnv(spec.Env), { sensitive: isSensitiveEnv, format: formatEnvValue })
    .keyed("labels", spec.Labels)
    .value("hostname", spec.Hostname || undefined)
    .value("working_dir", spec.Dir || undefined)
    .value("user", spec.User || undefined)
    .value("group_add", spec.Groups)
    .value("init", spec.Init)
    .value("tty", spec.TTY || undefined)
    .value("stdin_open", spec.OpenStdin || undefined)
    .value("read_only", spec.ReadOnly || undefined)
    .value("credential_spec", credentialSpec(spec.Privileges?.CredentialSpec ?? undefined))
    .value("selinux_context", toLeaf(spec.Privileges?.SELinuxContext ?? undefined))
    .value("no_new_privileges", spec.Privileges?.NoNewPrivileges || undefined)
    .keyed("volumes", mountsByTarget(spec.Mounts), { format: canonicalJson })
    .value("stop_signal", spec.StopSignal || undefined)
    .value("stop_grace_period", spec.StopGracePeriod, formatNanoseconds)
    .value("healthcheck.test", spec.Healthcheck?.Test)
    .value("healthcheck.interval", spec.Healthcheck?.Interval || undefined, formatNanoseconds)
    .value("healthcheck.timeout", spec.Healthcheck?.Timeout || undefined, formatNanoseconds)
    .value("healthcheck.start_period", spec.Healthcheck?.StartPeriod || undefined, formatNanoseconds)
    .value("healthcheck.start_interval", spec.Healthcheck?.StartInterval || undefined, formatNanoseconds)
    .value("healthcheck.retries", spec.Healthcheck?.Retries || undefined)
    .value("extra_hosts", spec.Hosts)
    .value("dns", spec.DNSConfig?.Nameservers)
    .value("dns_search", spec.DNSConfig?.Search)
    .value("dns_opt", spec.DNSConfig?.Options)
    .keyed("secrets", secretsByTarget(spec.Secrets), { format: formatFileReference })
    .keyed("configs", configsByTarget(spec.Configs), { format: formatFileReference })
    .value("isolation", spec.Isolation || "default")
    .keyed("sysctls", spec.Sysctls)
    .value("cap_add", sorted(spec.CapabilityAdd))
    .value("cap_drop", sorted(spec.CapabilityDrop))
    .keyed("ulimits", Object.fromEntries((spec.Ulimits ?? []).map((u) => [u.Name, `${u.Soft}:${u.Hard}`])));
  addUnknownFields(builder, "ContainerSpec", spec, KNOWN_CONTAINER_FIELDS);
  addUnknownFields(builder, "Privileges", spec.Privileges ?? undefined, ["CredentialSpec", "SELinuxContext", "NoNewPrivileges"]);
}

/** The daemon stores the two sources a credential spec does not use as "": only the one it uses counts. */
function credentialSpec(spec: { Config?: string; File?: string; Registry?: string } | undefined): Leaf | undefined {
  if (spec === undefined) return undefined;
  return pruneEmpty({ config: spec.Config || undefined, file: spec.File || undefined, registry: spec.Registry || undefined }) ?? {};
}

/** Env as a map: order does not matter to the container, the last duplicate wins; a bare `KEY` is null. */
function parseEnv(env: readonly string[] | undefined): Record<string, Leaf> {
  const entries: Record<string, Leaf> = {};
  for (const item of env ?? []) {
    const eq = item.indexOf("=");
    if (eq === -1) entries[item] = null;
    else entries[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return entries;
}

function formatEnvValue(value: Leaf): string {
  return value === null ? "(from the environment)" : String(value);
}

function mountsByTarget(mounts: readonly Mount[] | undefined): Record<string, Leaf> {
  const entries: Record<string, Leaf> = {};
  for (const mount of mounts ?? []) {
    const options = {
      bind: mount.BindOptions?.Propagation || mount.BindOptions?.NonRecursive ? toLeaf(mount.BindOptions) : undefined,
      volume: pruneEmpty({
        nocopy: mount.VolumeOptions?.NoCopy || undefined,
        labels: mount.VolumeOptions?.Labels,
        driver: mount.VolumeOptions?.DriverConfig?.Name || undefined,
        driver_opts: mount.VolumeOptions?.DriverConfig?.Options,
      }),
      tmpfs: pruneEmpty({ size: mount.TmpfsOptions?.SizeBytes || undefined, mode: mount.TmpfsOptions?.Mode || undefined }),
    };
    entries[mount.Target] = pruneEmpty({
      type: mount.Type,
      source: mount.Source || undefined,
      read_only: mount.ReadOnly || undefined,
      consistency: mount.Consistency && mount.Consistency !== "default" ? mount.Consistency : undefined,
      ...options,
    }) ?? { type: mount.Type };
  }
  return entries;
}

function secretsByTarget(refs: readonly SecretReference[] | undefined): Record<string, Leaf> {
  return Object.fromEntries((refs ?? []).map((ref) => [ref.File?.Name ?? ref.SecretName, fileReference(ref.SecretName, ref.File)]));
}

function configsByTarget(refs: readonly ConfigReference[] | undefined): Record<string, Leaf> {
  return Object.fromEntries(
    (refs ?? []).map((ref) => [ref.Runtime ? "(credential spec)" : (ref.File?.Name ?? ref.ConfigName), fileReference(ref.ConfigName, ref.File)]),
  );
}

function fileReference(source: string, file: { UID: string; GID: string; Mode: number } | undefined): Leaf {
  return pruneEmpty({ source, uid: file?.UID, gid: file?.GID, mode: file?.Mode }) ?? source;
}

function formatFileReference(value: Leaf): string {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return String(value);
  const ref = value as { source?: string; uid?: string; gid?: string; mode?: number };
  const extras = [
    ref.uid !== undefined && ref.uid !== "0" ? `uid=${ref.uid}` : "",
    ref.gid !== undefined && ref.gid !== "0" ? `gid=${ref.gid}` : "",
    ref.mode !== undefined && ref.mode !== DEFAULT_FILE_MODE ? `mode=${formatFileMode(ref.mode)}` : "",
  ].filter(Boolean);
  return extras.length === 0 ? String(ref.source) : `${String(ref.source)} (${extras.join(", ")})`;
}

function formatNanoseconds(value: Leaf): string {
  return typeof value === "number" ? formatGoDuration(value) : String(value);
}

function sorted(values: readonly string[] | undefined): readonly string[] | undefined {
  return values === undefined ? undefined : [...values].sort();
}

/** The object without undefined and empty values; undefined when nothing is left. */
export function pruneEmpty(object: Record<string, unknown>): { readonly [key: string]: Leaf } | undefined {
  const kept: Record<string, Leaf> = {};
  for (const [key, value] of Object.entries(object)) {
    const leaf = toLeaf(value);
    if (leaf === undefined || leaf === null) continue;
    if (typeof leaf === "object" && Object.keys(leaf).length === 0) continue;
    kept[key] = leaf;
  }
  return Object.keys(kept).length === 0 ? undefined : kept;
}
