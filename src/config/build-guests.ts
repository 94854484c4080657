import type { Guest } from "./desired-state.js";
import type { LxcConfig, LxcConfigsFile } from "./schemas/lxc-config.js";
import type { VmConfig, VmConfigsFile } from "./schemas/vm-config.js";
import type { ConfigFile } from "./read-config-file.js";
import type { GuestReferenceSite, LoadedGuest } from "./loaded-guest.js";
import { objectKeys, type JsonDocument, type JsonPath } from "./json-document.js";
import { originOf } from "./origin.js";

/**
 * Guests in Phoenix order: LXCs in file key order, then VMs in file order.
 * The key order comes from the document, not from the parsed object: JS
 * objects put integer-like keys ("101", "900") in numeric order, jq does not.
 */
export function buildGuests(lxc: ConfigFile<LxcConfigsFile> | undefined, vm: ConfigFile<VmConfigsFile> | undefined): LoadedGuest[] {
  const out: LoadedGuest[] = [];
  const lxcConfigs = lxc?.value?.lxc_configs;
  if (lxc && lxcConfigs) {
    for (const id of objectKeys(lxc.doc, ["lxc_configs"])) {
      const config = lxcConfigs[id];
      if (config) out.push(buildLxcGuest(lxc.doc, id, config));
    }
  }
  if (vm?.value) vm.value.vms.forEach((config, index) => out.push(buildVmGuest(vm.doc, index, config)));
  return out;
}

function buildLxcGuest(doc: JsonDocument, id: string, config: LxcConfig): LoadedGuest {
  const path: JsonPath = ["lxc_configs", id];
  const references: GuestReferenceSite[] = [];
  if (config.clone_from_ctid !== undefined)
    references.push({ id: config.clone_from_ctid, via: "clone_from_ctid", origin: originOf(doc, [...path, "clone_from_ctid"]) });
  (config.dependencies ?? []).forEach((dep, i) =>
    references.push({ id: dep, via: "dependencies", origin: originOf(doc, [...path, "dependencies", i]) }),
  );
  const guest = createGuest("lxc", id, config, {
    isTemplate: config.template_snapshot_name !== undefined,
    features: config.features ?? [],
    dependsOn: references.map((r) => r.id),
    origin: originOf(doc, path, true),
  });
  return {
    guest,
    doc,
    path,
    references,
    idOrigin: originOf(doc, path, true),
    nameOrigin: originOf(doc, [...path, "name"]),
    ipOrigin: originOf(doc, [...path, "network_config", "ip"]),
    traefikOrigin: config.traefik_service ? originOf(doc, [...path, "traefik_service", "name"]) : undefined,
  };
}

function buildVmGuest(doc: JsonDocument, index: number, config: VmConfig): LoadedGuest {
  const path: JsonPath = ["vms", index];
  const references: GuestReferenceSite[] = [];
  if (config.clone_from_vmid !== undefined)
    references.push({ id: String(config.clone_from_vmid), via: "clone_from_vmid", origin: originOf(doc, [...path, "clone_from_vmid"]) });
  (config.dependencies ?? []).forEach((dep, i) =>
    references.push({ id: dep, via: "dependencies", origin: originOf(doc, [...path, "dependencies", i]) }),
  );
  const guest = createGuest("vm", String(config.vmid), config, {
    isTemplate: config.is_template === true,
    features: config.features ?? [],
    dependsOn: references.map((r) => r.id),
    origin: originOf(doc, path),
  });
  return {
    guest,
    doc,
    path,
    references,
    idOrigin: originOf(doc, [...path, "vmid"]),
    nameOrigin: originOf(doc, [...path, "name"]),
    ipOrigin: config.network_config ? originOf(doc, [...path, "network_config", "ip"]) : undefined,
    traefikOrigin: config.traefik_service ? originOf(doc, [...path, "traefik_service", "name"]) : undefined,
  };
}

function createGuest(
  kind: Guest["kind"],
  id: string,
  config: LxcConfig | VmConfig,
  derived: Pick<Guest, "isTemplate" | "features" | "dependsOn" | "origin">,
): Guest {
  const cidr = config.network_config?.ip;
  const service = config.traefik_service;
  return {
    kind,
    id,
    name: config.name,
    cidr,
    ip: cidr === undefined || cidr === "dhcp" ? undefined : cidr.slice(0, cidr.indexOf("/")),
    ...derived,
    traefikService: service ? { name: service.name, port: service.port, ...(service.scheme ? { scheme: service.scheme } : {}) } : undefined,
    firewall: config.firewall ? { enabled: config.firewall.enabled, rules: config.firewall.rules ?? [] } : undefined,
    config,
  };
}
