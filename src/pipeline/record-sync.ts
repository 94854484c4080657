import type { Logger } from "../logger.js";
import { buildSyncRecord, isWritingSync, type InfraRecordResult, type StackRecordResult, type SyncOutcome } from "../reconcile/sync-record.js";
import { readSyncRecord, writeSyncRecord } from "../reconcile/sync-record-store.js";
import type { RepoSettings } from "../settings/repo-settings.js";
import type { SwarmPort } from "../swarm/swarm-port.js";

export interface RecordSyncInput {
  readonly port: SwarmPort;
  readonly settings: RepoSettings;
  /** Undefined for a working tree outside git: recorded as "" (no commit). */
  readonly commit: string | undefined;
  readonly ok: boolean;
  readonly startedAt: Date;
  readonly declared: readonly string[];
  /** run-sync's results (typed by shape: run-sync imports this file). */
  readonly results: readonly { readonly namespace: string; readonly outcome: StackRecordResult }[];
  readonly infra: readonly { readonly output: string; readonly outcome: InfraRecordResult }[];
  readonly logger: Logger;
}

/**
 * Updates the instance's sync record after a sync that wrote something (one
 * read, one write); a sync that changed nothing leaves it alone, so it still
 * makes zero write calls. Returns whether the record was written.
 */
export async function recordSync(input: RecordSyncInput): Promise<boolean> {
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
  if (!isWritingSync(outcome)) return false;
  const previous = await readSyncRecord(input.port, outcome.instance).catch(() => undefined);
  const written = await writeSyncRecord(input.port, buildSyncRecord(previous?.record, outcome), input.logger);
  if (written) input.logger.info({ instance: outcome.instance, commit: outcome.commit, result: outcome.ok ? "success" : "failure" }, "sync recorded");
  return written;
}

