import type { Diagnostic } from "../errors.js";
import type { StackAssignment } from "./desired-state.js";
import type { LoadedGuest } from "./loaded-guest.js";
import type { StackDraft } from "./stack-draft.js";
import type { CertificateManifest } from "./schemas/certificate-manifest.js";
import type { ConfigFile } from "./read-config-file.js";
import { diagnosticAtOrigin, formatOrigin, originOf } from "./origin.js";
import { findDependencyCycles, type DependencyEdge } from "./find-dependency-cycle.js";
import { describeGuest } from "./check-guests.js";

export interface ReferenceInputs {
  readonly guests: readonly LoadedGuest[];
  /** False when a guest file is missing or invalid: unknown-guest errors would then be guesses. */
  readonly guestsComplete: boolean;
  readonly stacks: readonly StackDraft[];
  readonly assignments: readonly StackAssignment[];
  readonly certificates: ConfigFile<CertificateManifest> | undefined;
}

/** Every cross-file reference resolves, and the dependency graph has no cycle. */
export function checkReferences(inputs: ReferenceInputs): Diagnostic[] {
  return [...checkGuestReferences(inputs), ...checkDependencyCycles(inputs.guests), ...checkAssignments(inputs), ...checkCertificateGuests(inputs)];
}

function checkGuestReferences({ guests, guestsComplete }: ReferenceInputs): Diagnostic[] {
  const byId = firstById(guests);
  const diagnostics: Diagnostic[] = [];
  for (const { references } of guests) {
    for (const ref of references) {
      const target = byId.get(ref.id);
      const wantedKind = ref.via === "clone_from_ctid" ? "lxc" : ref.via === "clone_from_vmid" ? "vm" : undefined;
      if (!target) {
        if (guestsComplete)
          diagnostics.push(
            diagnosticAtOrigin(ref.origin, {
              code: wantedKind ? "CONFIG_UNKNOWN_CLONE_SOURCE" : "CONFIG_UNKNOWN_DEPENDENCY",
              message: wantedKind ? `clone source ${ref.id} is not a known ${wantedKind === "lxc" ? "LXC" : "VM"}` : `depends on unknown guest ${ref.id}`,
            }),
          );
      } else if (wantedKind && target.guest.kind !== wantedKind)
        diagnostics.push(
          diagnosticAtOrigin(ref.origin, {
            code: "CONFIG_CLONE_KIND",
            message: `${ref.via} must name ${wantedKind === "lxc" ? "an LXC" : "a VM"}, but ${ref.id} is ${describeGuest(target)}`,
          }),
        );
    }
  }
  return diagnostics;
}

function checkDependencyCycles(guests: readonly LoadedGuest[]): Diagnostic[] {
  const edges = new Map<string, DependencyEdge[]>();
  for (const { guest, references } of guests)
    if (!edges.has(guest.id)) edges.set(guest.id, references.map((r) => ({ to: r.id, origin: r.origin })));
  return findDependencyCycles([...edges.keys()], edges).map((cycle) =>
    diagnosticAtOrigin(cycle.origin, { code: "CONFIG_DEPENDENCY_CYCLE", message: `dependency cycle: ${cycle.path.join(" → ")}` }),
  );
}

function checkAssignments({ stacks, assignments }: ReferenceInputs): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const byName = new Map(stacks.map((s) => [s.name, s]));
  const known = stacks.map((s) => s.name).join(", ") || "none";
  const seen = new Map<string, StackAssignment>();
  for (const assignment of assignments) {
    const stack = byName.get(assignment.stack);
    if (!stack) {
      diagnostics.push(diagnosticAtOrigin(assignment.origin, { code: "CONFIG_UNKNOWN_STACK", message: `unknown stack "${assignment.stack}" (known: ${known})` }));
      continue;
    }
    if (stack.complete && stack.environments.size > 0 && !stack.environments.has(assignment.environment)) {
      const environments = [...stack.environments.keys()].join(", ");
      diagnostics.push(
        diagnosticAtOrigin(assignment.origin, {
          code: "CONFIG_UNKNOWN_ENVIRONMENT",
          message: `stack "${assignment.stack}" has no environment "${assignment.environment}" (known: ${environments})`,
        }),
      );
    }
    // The same stack and environment on several VMs is one deployment placed on all their nodes; twice on one VM is a slip.
    const key = `${assignment.stack}\u0000${assignment.environment}\u0000${assignment.vmid}`;
    const first = seen.get(key);
    if (first)
      diagnostics.push(
        diagnosticAtOrigin(assignment.origin, {
          code: "CONFIG_DUPLICATE_ASSIGNMENT",
          message: `stack "${assignment.stack}" is already assigned to environment "${assignment.environment}" on VM ${first.vmid} at ${formatOrigin(first.origin)}`,
          hint: "list each stack once per VM and environment",
        }),
      );
    else seen.set(key, assignment);
  }
  return diagnostics;
}

function checkCertificateGuests({ certificates, guests, guestsComplete }: ReferenceInputs): Diagnostic[] {
  if (!certificates?.value || !guestsComplete) return [];
  const byId = firstById(guests);
  const doc = certificates.doc;
  return certificates.value.flatMap((entry, i) => {
    if (entry.guest_id === undefined) return [];
    const id = String(entry.guest_id);
    const target = byId.get(id);
    const origin = originOf(doc, [i, "guest_id"]);
    if (!target) return [diagnosticAtOrigin(origin, { code: "CONFIG_UNKNOWN_GUEST", message: `unknown guest ${id}` })];
    if (entry.guest_type !== undefined && entry.guest_type !== target.guest.kind)
      return [diagnosticAtOrigin(origin, { code: "CONFIG_GUEST_TYPE", message: `guest_type is "${entry.guest_type}", but ${id} is ${describeGuest(target)}` })];
    return [];
  });
}

function firstById(guests: readonly LoadedGuest[]): Map<string, LoadedGuest> {
  const byId = new Map<string, LoadedGuest>();
  for (const g of guests) if (!byId.has(g.guest.id)) byId.set(g.guest.id, g);
  return byId;
}
