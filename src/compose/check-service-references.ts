import type { Diagnostic } from "../errors.js";
import type { ComposeProject, ComposeService, ComposeServiceVolume } from "./compose-project.js";
import { toComposeDiagnostic } from "./compose-diagnostic.js";
import { parseVolumeSpec } from "./loader/parse-volume-spec.js";
import { quoteGoString } from "../go/strconv.js";
import type { SourcePositions } from "../positions/path-positions.js";
import { isYamlList, isYamlMap, type PathSegment, type YamlMap, type YamlValue } from "./yaml/yaml-value.js";

type ReferenceKind = "secret" | "config" | "volume" | "network";

interface Reference {
  readonly kind: ReferenceKind;
  readonly name: string;
  /** The service key that holds the reference. */
  readonly field: "secrets" | "configs" | "volumes" | "networks" | "credential_spec";
}

/** One compose file as parsed: its uninterpolated document and where each node is. */
export interface ComposeSource {
  readonly file: string;
  readonly raw: YamlMap | undefined;
  readonly positions: SourcePositions | undefined;
}

const SECTION: Readonly<Record<ReferenceKind, string>> = { secret: "secrets", config: "configs", volume: "volumes", network: "networks" };

/**
 * The references docker/cli's converter resolves (`convert.Services`): every
 * secret, config, named volume and network a service uses must be declared at
 * the top level, else `service web: undefined volume "data"`. The CLI finds
 * them only mid-deploy, after creating networks, and stops at the first; here
 * each one is a load error positioned at the reference.
 */
export function checkServiceReferences(project: ComposeProject, sources: readonly ComposeSource[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const service of project.services) {
    for (const reference of undefinedReferences(project, service)) {
      const finding = {
        severity: "error" as const,
        code: "COMPOSE_UNDEFINED_REFERENCE",
        message: `service ${service.name}: undefined ${reference.kind} ${quoteGoString(reference.name)}`,
      };
      const located = locateReference(sources, service.name, reference);
      const diagnostic = located
        ? toComposeDiagnostic(located.file, located.positions, { ...finding, path: located.path, atKey: located.atKey })
        : { ...finding, stage: "load" as const, file: sources[0]?.file, path: `services.${service.name}` };
      diagnostics.push({ ...diagnostic, hint: `declare ${quoteGoString(reference.name)} under the top-level "${SECTION[reference.kind]}" key` });
    }
  }
  return diagnostics;
}

/** In the converter's order: secrets, configs (the credential spec's too), volumes, networks. */
function undefinedReferences(project: ComposeProject, service: ComposeService): Reference[] {
  const out: Reference[] = [];
  for (const { source } of service.secrets) if (!Object.hasOwn(project.secrets, source)) out.push({ kind: "secret", name: source, field: "secrets" });
  for (const { source } of service.configs) if (!Object.hasOwn(project.configs, source)) out.push({ kind: "config", name: source, field: "configs" });
  const credentialConfig = service.credentialSpec.config;
  if (credentialConfig !== "" && !Object.hasOwn(project.configs, credentialConfig))
    out.push({ kind: "config", name: credentialConfig, field: "credential_spec" });
  for (const volume of service.volumes)
    if (isNamedVolume(volume) && !Object.hasOwn(project.volumes, volume.source)) out.push({ kind: "volume", name: volume.source, field: "volumes" });
  // A service without `networks` joins `default`, which never needs declaring.
  for (const network of Object.keys(service.networks ?? {}))
    if (network !== "default" && !Object.hasOwn(project.networks, network)) out.push({ kind: "network", name: network, field: "networks" });
  return out;
}

/** `convertVolumeToMount`: anonymous volumes and cluster volume groups are not looked up. */
function isNamedVolume(volume: ComposeServiceVolume): boolean {
  if (volume.source === "") return false;
  if (volume.type === "volume" || volume.type === "") return true;
  return volume.type === "cluster" && !volume.source.startsWith("group:");
}

interface Location {
  readonly file: string;
  readonly positions: SourcePositions;
  readonly path: PathSegment[];
  readonly atKey: boolean;
}

/** The entry that names the reference in the last file that sets the field, else that field, else the service. */
function locateReference(sources: readonly ComposeSource[], service: string, reference: Reference): Location | undefined {
  let fallback: Location | undefined;
  for (const { file, raw, positions } of [...sources].reverse()) {
    if (!raw || !positions) continue;
    const services = raw.get("services");
    const dict = isYamlMap(services) ? services.get(service) : undefined;
    if (!isYamlMap(dict)) continue;
    const base: PathSegment[] = ["services", service];
    const value = dict.get(reference.field);
    if (value === undefined) {
      fallback ??= { file, positions, path: base, atKey: true };
      continue;
    }
    const field = [...base, reference.field];
    if (reference.field === "credential_spec") return { file, positions, path: [...field, "config"], atKey: false };
    if (isYamlMap(value) && value.has(reference.name)) return { file, positions, path: [...field, reference.name], atKey: true };
    if (isYamlList(value)) {
      const index = value.findIndex((entry) => entryNames(entry, reference));
      if (index >= 0) return { file, positions, path: [...field, index], atKey: false };
    }
    return { file, positions, path: field, atKey: true };
  }
  return fallback;
}

function entryNames(entry: YamlValue, reference: Reference): boolean {
  if (isYamlMap(entry)) return entry.get("source") === reference.name;
  if (typeof entry !== "string") return false;
  if (reference.kind !== "volume") return entry === reference.name;
  const spec = parseVolumeSpec(entry);
  return spec.ok && spec.value.source === reference.name;
}
