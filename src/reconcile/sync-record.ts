/**
 * The per-instance record of what the live system was last synced from: the
 * commit, the result, when, and per stack and infra output the last result
 * and the commit that set it. `phoenix status`, the reconcile loop and the
 * pull-request plan read it; service labels cannot say this (they change only
 * on services that changed, and a rollback reverts them).
 *
 * Pure: building and parsing. Where it is kept: `sync-record-store.ts`.
 */
import { z } from "zod";

/** Bumped when a field changes meaning or goes away; new optional fields do not bump it. */
export const SYNC_RECORD_SCHEMA_VERSION = 1;

/** A stack's part of a sync: what run-sync reported for it. */
export type StackRecordResult = "applied" | "unchanged" | "rolled-back" | "failed" | "removed" | "skipped";
/** An infra output's part of a sync. */
export type InfraRecordResult = "applied" | "unchanged" | "restored" | "failed";

const Timestamp = z.string().max(64);
const Commit = z.string().max(64);

const StackRecord = z.object({
  result: z.enum(["applied", "unchanged", "rolled-back", "failed", "removed", "skipped"]),
  /** The commit of the sync that last set this result. */
  commit: Commit,
  finishedAt: Timestamp,
});

const InfraRecord = z.object({
  result: z.enum(["applied", "unchanged", "restored", "failed"]),
  commit: Commit,
  finishedAt: Timestamp,
});

export const SyncRecord = z.object({
  schemaVersion: z.literal(SYNC_RECORD_SCHEMA_VERSION),
  instance: z.string().max(64),
  /** The commit of the last sync that wrote something. */
  commit: Commit,
  /** `running` from the moment a sync starts applying until it finishes: one left so was cut off. */
  result: z.enum(["success", "failure", "running"]),
  startedAt: Timestamp,
  finishedAt: Timestamp,
  /** By Swarm namespace: every stack the commit declares, and the ones it failed to remove. */
  stacks: z.record(z.string(), StackRecord),
  /** By output (`dns`, `traefik`, …). */
  infra: z.record(z.string(), InfraRecord),
});
export type SyncRecord = z.output<typeof SyncRecord>;
export type StackRecord = z.output<typeof StackRecord>;
export type InfraRecord = z.output<typeof InfraRecord>;

/** What a finished sync tells the record. */
export interface SyncOutcome {
  readonly instance: string;
  readonly commit: string;
  readonly ok: boolean;
  readonly startedAt: Date;
  readonly finishedAt: Date;
  /** Every stack namespace the commit declares (unchanged ones included). */
  readonly declared: readonly string[];
  /** Stacks the sync touched, with their outcome. */
  readonly stacks: readonly { readonly namespace: string; readonly result: StackRecordResult }[];
  readonly infra: readonly { readonly output: string; readonly result: InfraRecordResult }[];
}

/**
 * Whether the sync changed or tried to change anything. Only then is the
 * record written: a no-op sync makes zero write calls, the record included.
 */
export function isWritingSync(outcome: Pick<SyncOutcome, "stacks" | "infra">): boolean {
  // A skipped stack (held back, or behind a failed upstream) was not written to.
  return outcome.stacks.some((s) => s.result !== "unchanged" && s.result !== "skipped") || outcome.infra.some((i) => i.result !== "unchanged");
}

/**
 * The record after `outcome`, on top of the previous one: a stack this sync
 * did not touch keeps its last result and commit (an untouched stack seen for
 * the first time is "unchanged" at this commit); a removed stack, or one the
 * commit no longer declares, leaves the record.
 */
export function buildSyncRecord(previous: SyncRecord | undefined, outcome: SyncOutcome): SyncRecord {
  const finishedAt = outcome.finishedAt.toISOString();
  const touched = new Map(outcome.stacks.map((s) => [s.namespace, s.result]));
  const stacks: Record<string, StackRecord> = {};
  for (const namespace of [...new Set([...outcome.declared, ...touched.keys()])].sort()) {
    const result = touched.get(namespace);
    if (result === "removed") continue;
    const before = previous?.stacks[namespace];
    stacks[namespace] = result === undefined && before !== undefined ? before : { result: result ?? "unchanged", commit: outcome.commit, finishedAt };
  }
  const infra: Record<string, InfraRecord> = { ...previous?.infra };
  for (const i of outcome.infra) infra[i.output] = { result: i.result, commit: outcome.commit, finishedAt };
  return {
    schemaVersion: SYNC_RECORD_SCHEMA_VERSION,
    instance: outcome.instance,
    commit: outcome.commit,
    result: outcome.ok ? "success" : "failure",
    startedAt: outcome.startedAt.toISOString(),
    finishedAt,
    stacks,
    infra,
  };
}

/** The record while a sync of `commit` applies: the last results stay, the commit and `running` say what is under way. */
export function markSyncRunning(previous: SyncRecord | undefined, sync: { readonly instance: string; readonly commit: string; readonly startedAt: Date }): SyncRecord {
  const startedAt = sync.startedAt.toISOString();
  return {
    schemaVersion: SYNC_RECORD_SCHEMA_VERSION,
    instance: sync.instance,
    commit: sync.commit,
    result: "running",
    startedAt,
    finishedAt: previous?.finishedAt ?? startedAt,
    stacks: previous?.stacks ?? {},
    infra: previous?.infra ?? {},
  };
}

/** The record in `text`, or undefined when it is not one this version understands (then it is rewritten on the next writing sync). */
export function parseSyncRecord(text: string): SyncRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = SyncRecord.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
