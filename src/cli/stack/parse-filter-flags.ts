/**
 * `--filter key=value` as docker/cli's `opts.FilterOpt.Set` reads it: the
 * key lower-cased and both sides trimmed, an empty value ignored, a value
 * without `=` refused. The keys themselves are checked by the daemon, as
 * they are for the CLI (services: id, label, mode, name; tasks: id, name,
 * label, service, node, desired-state), so its `invalid filter` error is
 * the one the user sees.
 */
import type { FilterArgs } from "../../swarm/stack-reads.js";

export type { FilterArgs } from "../../swarm/stack-reads.js";

export type ParsedFilters = { readonly ok: true; readonly filters: FilterArgs } | { readonly ok: false; readonly error: string };

export function parseFilterFlags(values: readonly string[]): ParsedFilters {
  const filters: Record<string, string[]> = {};
  for (const value of values) {
    if (value === "") continue;
    const equals = value.indexOf("=");
    if (equals === -1) return { ok: false, error: `invalid argument "${value}" for "-f, --filter" flag: bad format of filter (expected name=value)` };
    const name = value.slice(0, equals).trim().toLowerCase();
    (filters[name] ??= []).push(value.slice(equals + 1).trim());
  }
  return { ok: true, filters };
}

/** `getStackFilterFromOpt`: the user's filters plus the stack's namespace label. */
export function addStackFilter(filters: FilterArgs, namespaceLabel: string, stack: string): FilterArgs {
  return { ...filters, label: [...(filters.label ?? []), `${namespaceLabel}=${stack}`] };
}
