import type { DesiredState, Guest } from "../config/desired-state.js";
import { LxcConfig } from "../config/schemas/lxc-config.js";
import { VmConfig } from "../config/schemas/vm-config.js";
import type { ChangedAreas } from "./classify-changed-paths.js";
import { findChangedPaths, limitList, toComparableValue, type ComparableValue } from "./comparable-value.js";
import { MAX_PATHS_PER_REASON, type GuestImpact } from "./impact.js";
import { stripUnknownKeys } from "./strip-unknown-keys.js";

/**
 * Guest fields whose only consumer is another unit, which reports them:
 * `docker_stacks` (the stacks' assignments), `dns_records` (DNS),
 * `traefik_service` (Traefik and DNS). The guest itself does not change.
 */
const CONSUMED_ELSEWHERE = ["docker_stacks", "dns_records", "traefik_service"] as const;

/** Guests whose own definition changed (unknown keys and fields consumed by other units aside). */
export function analyzeGuestImpact(areas: ChangedAreas, before: DesiredState | undefined, after: DesiredState): GuestImpact[] {
  const touched = (g: Guest) => areas.everything || (g.kind === "lxc" ? areas.lxc : areas.vm);
  const old = new Map((before?.guests ?? []).map((g) => [g.id, g]));
  const out: GuestImpact[] = [];
  for (const guest of after.guests) {
    const previous = old.get(guest.id);
    old.delete(guest.id);
    if (!touched(guest) && (previous === undefined || !touched(previous))) continue;
    const reasons = describeGuestChanges(previous, guest, before === undefined);
    if (reasons.length > 0) out.push({ id: guest.id, reasons });
  }
  for (const removed of old.values()) if (touched(removed)) out.push({ id: removed.id, reasons: [`${describeGuest(removed)} removed from the config`] });
  return out;
}

function describeGuestChanges(previous: Guest | undefined, guest: Guest, noBase: boolean): string[] {
  if (previous === undefined) return [`${describeGuest(guest)} ${noBase ? "defined (no earlier state)" : "added to the config"}`];
  if (previous.kind !== guest.kind) return [`${guest.id} changed from ${previous.kind === "lxc" ? "a container" : "a VM"} to ${guest.kind === "lxc" ? "a container" : "a VM"}`];
  const paths = findChangedPaths(consumedConfig(previous), consumedConfig(guest));
  return paths.length === 0 ? [] : [`${describeGuest(guest)}: ${limitList(paths, MAX_PATHS_PER_REASON)} changed`];
}

function consumedConfig(guest: Guest): ComparableValue {
  const config = stripUnknownKeys(guest.kind === "lxc" ? LxcConfig : VmConfig, guest.config) as Record<string, unknown>;
  for (const key of CONSUMED_ELSEWHERE) delete config[key];
  return toComparableValue(config);
}

function describeGuest(guest: Guest): string {
  return `${guest.kind === "lxc" ? "container" : "VM"} ${guest.id} (${guest.name})`;
}
