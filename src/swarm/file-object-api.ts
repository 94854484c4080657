/**
 * Secrets and configs behave the same for deploy purposes (create, label-only
 * update, remove, look up by name); this gives both one shape.
 */
import type { DesiredFileObject, FileObjectKind, LiveFileObject } from "../plan/spec-diff/plan-file-object.js";
import type { ConfigSpec } from "../engine/stack-spec.js";
import type { SwarmPort } from "./swarm-port.js";

export interface FileObjectApi {
  readonly kind: FileObjectKind;
  inspect(idOrName: string): Promise<LiveFileObject | undefined>;
  create(spec: DesiredFileObject): Promise<{ readonly id: string }>;
  update(id: string, version: number, spec: DesiredFileObject): Promise<void>;
  remove(id: string): Promise<void>;
}

export function createFileObjectApi(port: SwarmPort, kind: FileObjectKind): FileObjectApi {
  if (kind === "secret") {
    return {
      kind,
      inspect: (idOrName) => port.inspectSecret(idOrName),
      create: (spec) => port.createSecret(spec),
      update: (id, version, spec) => port.updateSecret(id, version, spec),
      remove: (id) => port.removeSecret(id),
    };
  }
  // A config always has data; the desired spec of a config comes from a ConfigSpec.
  const asConfig = (spec: DesiredFileObject): ConfigSpec => ({ ...spec, Data: spec.Data ?? "" });
  return {
    kind,
    inspect: (idOrName) => port.inspectConfig(idOrName),
    create: (spec) => port.createConfig(asConfig(spec)),
    update: (id, version, spec) => port.updateConfig(id, version, asConfig(spec)),
    remove: (id) => port.removeConfig(id),
  };
}

/** The object a service reference should point at. */
export interface FileObjectTarget {
  readonly name: string;
  readonly id: string;
}

/** Result of applying one kind: logical name → current object, plus what became obsolete. */
export interface FileObjectState {
  readonly current: ReadonlyMap<string, FileObjectTarget>;
  /** Older versions of rotated objects; removed after verification once no service uses them. */
  readonly superseded: readonly (FileObjectTarget & { readonly logicalName: string })[];
}
