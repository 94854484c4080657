import type { Guest } from "../config/desired-state.js";
import { readMountPoints } from "./config-fields.js";

/**
 * Where a guest sees a host file, through its `mount_points` (the longest
 * matching `host_path` wins); undefined when no mount covers it. The
 * certificate manager writes on the host, the daemons read inside the guests.
 */
export function toContainerPath(guest: Guest, hostPath: string): string | undefined {
  const mounts = readMountPoints(guest).sort((a, b) => b.hostPath.length - a.hostPath.length);
  for (const m of mounts) {
    const base = m.hostPath.replace(/\/+$/, "");
    if (hostPath.startsWith(base + "/")) return m.containerPath.replace(/\/+$/, "") + hostPath.slice(base.length);
  }
  return undefined;
}
