import type { Logger } from "../logger.js";
import { buildSyncRecord, isWritingSync, markSyncRunning, type InfraRecordResult, type StackRecordResult, type SyncOutcome, type SyncRecord } from "../reconcile/sync-record.js";
import { readSyncRecord, writeSyncRecord } from "../reconcile/sync-record-store.js";
import type { RepoSettings } from "../settings/repo-settings.js";
import type { SwarmPort } from "../swarm/swarm-port.js";

interface RecordTarget {
  readonly port: SwarmPort;
  readonly settings: RepoSettings;
  /** Undefined for a working tree outside git: recorded as "" (no commit). */
  readonly commit: string | undefined;
  readonly startedAt: Date;
  readonly logger: Logger;
}

/**
 * Before a sync applies anything: reads the instance's record and, when the
 * plan has something to apply, marks it `running` for this commit (one
 * write), so a sync cut off midway (kill -9, a lost daemon) is visible as
 * such until a later sync finishes it. A sync with nothing to apply only reads.
 * Returns the record as it was, for `finishSyncRecord`.
 */
export async function startSyncRecord(target: RecordTarget, applying: boolean): Promise<SyncRecord | undefined> {
  const previous = (await readSyncRecord(target.port, target.settings.instance).catch(() => undefined))?.record;
  if (applying) await writeSyncRecord(target.port, markSyncRunning(previous, { instance: target.settings.instance, commit: target.commit ?? "", startedAt: target.startedAt }), target.logger);
  return previous;
}

export interface FinishSyncInput extends RecordTarget {
  readonly previous: SyncRecord | undefined;
  readonly ok: boolean;
  readonly declared: readonly string[];
  /** run-sync's results (typed by shape: run-sync imports this file). */
  readonly results: readonly { readonly namespace: string; readonly outcome: StackRecordResult }[];
  readonly infra: readonly { readonly output: string; readonly outcome: InfraRecordResult }[];
  /** Writes the record has no entry for (node labels, certificates): they make the sync a writing one too. */
  readonly otherWrites?: boolean;
}

/**
 * After a sync: the record gets its result, when the sync wrote something or
 * an earlier sync was left `running` (this one found nothing more to do: the
 * live system is at this commit). Otherwise it is left alone, so a sync that
 * changes nothing makes zero write calls. Returns whether it was written.
 */
export async function finishSyncRecord(input: FinishSyncInput): Promise<boolean> {
  const outcome: SyncOutcome = {
    instance: input.settings.instance,
    commit: input.commit ?? "",
    ok: input.ok,
    startedAt: input.startedAt,
    finishedAt: new Date(),
    declared: input.declared,
    stacks: input.results.map((r) => ({ namespace: r.namespace, result: r.outcome })),
    infra: input.infra.map((r) => ({ output: r.output, result: r.outcome })),
  };
  const interrupted = input.previous?.result === "running";
  if (!isWritingSync(outcome) && input.otherWrites !== true && !interrupted) return false;
  // The previous record's stack entries, not the `running` mark this sync wrote over it.
  const written = await writeSyncRecord(input.port, buildSyncRecord(input.previous, outcome), input.logger);
  if (written) input.logger.info({ instance: outcome.instance, commit: outcome.commit, result: outcome.ok ? "success" : "failure", interrupted }, "sync recorded");
  return written;
}
