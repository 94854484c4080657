/**
 * Secrets and configs (docs/stack-deploy.md §4.3–4.4): the top-level objects the stack
 * creates (docker/cli `convert.Secrets`/`Configs`) and the references of a
 * service (`convertServiceSecrets`, `convertServiceConfigObjs`,
 * `convertFileObject`, `ParseSecrets`/`ParseConfigs`). IDs are left to the
 * deploy engine, which looks them up by `SecretName`/`ConfigName`.
 */
import type { ComposeFileObject, ComposeFileReference, ComposeProject, ComposeService } from "../compose-project.js";
import type { ConfigReference, FileTarget, SecretReference } from "../../engine/engine-service-spec.js";
import type { ConfigSpec, SecretSpec } from "../../engine/stack-spec.js";
import { ConversionError } from "./conversion-error.js";
import { addStackLabel, scopeName } from "./namespace.js";
import { compareGoStrings } from "../../go/sort.js";

type Kind = "secret" | "config";

function objectName(stack: string, key: string, object: ComposeFileObject): string {
  return object.name !== "" ? object.name : scopeName(stack, key);
}

function encodeData(kind: Kind, key: string, object: ComposeFileObject): string {
  // fileObjectConfig reads the file at conversion time; the loader already did, so only a missing file is left to report.
  if (object.data === undefined) {
    throw new ConversionError("COMPOSE_FILE_OBJECT_UNREADABLE", `${kind} ${key}: open ${object.file}: no such file or directory`);
  }
  return Buffer.from(object.data).toString("base64");
}

/** Every non-external top-level secret, used or not. */
export function convertSecrets(project: ComposeProject, stack: string): SecretSpec[] {
  const specs: SecretSpec[] = [];
  for (const [key, secret] of Object.entries(project.secrets)) {
    if (secret.external) continue;
    const base = { Name: objectName(stack, key, secret), Labels: addStackLabel(stack, secret.labels) };
    const templating = secret.templateDriver !== "" ? { Templating: { Name: secret.templateDriver } } : {};
    if (secret.driver !== "") {
      if (secret.file !== "") {
        throw new ConversionError("COMPOSE_SECRET_DRIVER_FILE", `secret ${key}: secret.driver and secret.file conflict; only use secret.driver`);
      }
      const options = Object.keys(secret.driverOpts).length > 0 ? { Options: secret.driverOpts } : {};
      specs.push({ ...base, Driver: { Name: secret.driver, ...options }, ...templating });
      continue;
    }
    specs.push({ ...base, Data: encodeData("secret", key, secret), ...templating });
  }
  return specs.sort((a, b) => compareGoStrings(a.Name, b.Name));
}

/** Every non-external top-level config, used or not. */
export function convertConfigs(project: ComposeProject, stack: string): ConfigSpec[] {
  const specs: ConfigSpec[] = [];
  for (const [key, config] of Object.entries(project.configs)) {
    if (config.external) continue;
    specs.push({
      Name: objectName(stack, key, config),
      Labels: addStackLabel(stack, config.labels),
      Data: encodeData("config", key, config),
      ...(config.templateDriver !== "" ? { Templating: { Name: config.templateDriver } } : {}),
    });
  }
  return specs.sort((a, b) => compareGoStrings(a.Name, b.Name));
}

interface NamedTarget {
  readonly name: string;
  readonly file: FileTarget;
}

/** `convertFileObject`: target defaults to the compose key (not the scoped name), uid/gid "0", mode 0444. */
function convertReference(kind: Kind, ref: ComposeFileReference, defined: Readonly<Record<string, ComposeFileObject>>, stack: string): NamedTarget {
  const object = defined[ref.source];
  if (object === undefined) throw new ConversionError(`COMPOSE_UNDEFINED_${kind.toUpperCase()}`, `undefined ${kind} "${ref.source}"`);
  return {
    name: objectName(stack, ref.source, object),
    file: {
      Name: ref.target !== "" ? ref.target : ref.source,
      UID: ref.uid !== "" ? ref.uid : "0",
      GID: ref.gid !== "" ? ref.gid : "0",
      Mode: ref.mode ?? 0o444,
    },
  };
}

/** ParseSecrets/ParseConfigs refuse two references with the same target. */
function checkDuplicateTargets(kind: Kind, targets: readonly NamedTarget[]): void {
  const seen = new Set<string>();
  for (const target of targets) {
    if (seen.has(target.file.Name)) {
      throw new ConversionError(`COMPOSE_DUPLICATE_${kind.toUpperCase()}_TARGET`, `duplicate ${kind} target for ${target.name} not allowed`);
    }
    seen.add(target.file.Name);
  }
}

/**
 * Sorted by name (a stable sort; the CLI's order between two references to
 * the same secret is random, Phoenix keeps them by target so that redeploys
 * do not restart tasks).
 */
function sortReferences<T extends NamedTarget>(targets: T[]): T[] {
  return targets.sort((a, b) => compareGoStrings(a.name, b.name) || compareGoStrings(a.file.Name, b.file.Name));
}

export function convertServiceSecrets(service: ComposeService, project: ComposeProject, stack: string): SecretReference[] | undefined {
  if (service.secrets.length === 0) return undefined;
  const targets = service.secrets.map((ref) => convertReference("secret", ref, project.secrets, stack));
  checkDuplicateTargets("secret", targets);
  return sortReferences(targets).map((t) => ({ File: t.file, SecretName: t.name }));
}

/**
 * Config references, plus the `Runtime` reference a `credential_spec.config`
 * adds (`convertServiceConfigObjs`); the name stands in for the ID until the
 * deploy engine links it.
 */
export function convertServiceConfigs(service: ComposeService, project: ComposeProject, stack: string): ConfigReference[] | undefined {
  const targets = service.configs.map((ref) => convertReference("config", ref, project.configs, stack));
  checkDuplicateTargets("config", targets);
  const refs: (ConfigReference & { name: string; file: FileTarget })[] = targets.map((t) => ({
    name: t.name,
    file: t.file,
    File: t.file,
    ConfigName: t.name,
  }));
  const credential = service.credentialSpec.config;
  if (credential !== "") {
    const object = project.configs[credential];
    if (object === undefined) throw new ConversionError("COMPOSE_UNDEFINED_CONFIG", `undefined config "${credential}"`);
    const name = objectName(stack, credential, object);
    refs.push({ name, file: { Name: "", UID: "", GID: "", Mode: 0 }, ConfigName: name, Runtime: {} });
  }
  if (refs.length === 0) return undefined;
  return sortReferences(refs).map(({ name: _name, file: _file, ...ref }) => ref);
}
