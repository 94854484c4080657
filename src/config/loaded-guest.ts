import type { Guest, Origin } from "./desired-state.js";
import type { JsonDocument, JsonPath } from "./json-document.js";

/** A reference from one guest to another (`clone_from_*` or a `dependencies` entry). */
export interface GuestReferenceSite {
  readonly id: string;
  readonly via: "clone_from_ctid" | "clone_from_vmid" | "dependencies";
  readonly origin: Origin;
}

/** A guest plus the positions the cross-file checks point at. */
export interface LoadedGuest {
  readonly guest: Guest;
  /** The file and path that define it (`["lxc_configs", "101"]`, `["vms", 2]`). */
  readonly doc: JsonDocument;
  readonly path: JsonPath;
  /** `clone_from_*` first, then `dependencies`, as in `Guest.dependsOn`. */
  readonly references: readonly GuestReferenceSite[];
  /** Where the id is written: the LXC key or the VM's `vmid`. */
  readonly idOrigin: Origin;
  readonly nameOrigin: Origin;
  /** Where `network_config.ip` is written. */
  readonly ipOrigin: Origin | undefined;
  /** Where `traefik_service.name` is written. */
  readonly traefikOrigin: Origin | undefined;
}
