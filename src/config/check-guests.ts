import type { Diagnostic } from "../errors.js";
import type { Origin } from "./desired-state.js";
import type { LoadedGuest } from "./loaded-guest.js";
import { diagnosticAtOrigin, formatOrigin } from "./origin.js";

/**
 * Guest ids, names and addresses must be unique across the LXC and VM files:
 * Proxmox shares one id space, DNS names come from the (case-insensitive)
 * names, and two guests on one address break both.
 */
export function checkGuests(guests: readonly LoadedGuest[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const ids = new Map<string, LoadedGuest>();
  const names = new Map<string, LoadedGuest>();
  const ips = new Map<string, LoadedGuest>();
  for (const loaded of guests) {
    const { guest } = loaded;
    const duplicate = (code: string, origin: Origin, what: string, first: LoadedGuest, firstOrigin: Origin) =>
      diagnostics.push(
        diagnosticAtOrigin(origin, { code, message: `${what} is already used by ${describeGuest(first)} at ${formatOrigin(firstOrigin)}` }),
      );
    const sameId = ids.get(guest.id);
    if (sameId) duplicate("CONFIG_DUPLICATE_GUEST_ID", loaded.idOrigin, `guest id ${guest.id}`, sameId, sameId.idOrigin);
    else ids.set(guest.id, loaded);
    const key = guest.name.toLowerCase();
    const sameName = names.get(key);
    if (sameName) duplicate("CONFIG_DUPLICATE_GUEST_NAME", loaded.nameOrigin, `name "${guest.name}"`, sameName, sameName.nameOrigin);
    else names.set(key, loaded);
    if (guest.ip !== undefined && loaded.ipOrigin) {
      const sameIp = ips.get(guest.ip);
      if (sameIp?.ipOrigin) duplicate("CONFIG_DUPLICATE_IP", loaded.ipOrigin, `address ${guest.ip}`, sameIp, sameIp.ipOrigin);
      else ips.set(guest.ip, loaded);
    }
  }
  return diagnostics;
}

export function describeGuest(loaded: LoadedGuest): string {
  return `${loaded.guest.kind === "lxc" ? "LXC" : "VM"} ${loaded.guest.id} (${loaded.guest.name})`;
}
