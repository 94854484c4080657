import type { SwarmVm } from "../../../../src/config/swarm-vms.js";
import type { NodeInfo } from "../../../../src/engine/engine-objects.js";

export function swarmVm(id: string, fields: Partial<SwarmVm> = {}): SwarmVm {
  return {
    id,
    name: `vm-${id}`,
    ip: undefined,
    role: "worker",
    nodeLabels: [],
    origin: { file: "etc/phoenix_vm_configs.json", path: `vms[${id}]`, line: 10, column: 9 },
    ...fields,
  };
}

export function swarmNode(id: string, hostname: string, address: string, fields: { role?: "manager" | "worker"; state?: NodeInfo["Status"]["State"]; labels?: Record<string, string> } = {}): NodeInfo {
  return {
    ID: id,
    Version: { Index: 10 },
    Spec: { Role: fields.role ?? "worker", Availability: "active", ...(fields.labels ? { Labels: fields.labels } : {}) },
    Description: { Hostname: hostname },
    Status: { State: fields.state ?? "ready", Addr: address },
  };
}
