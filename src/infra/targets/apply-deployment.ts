import type { Logger } from "../../logger.js";
import type { InfraOutputId } from "../rendered-output.js";
import type { InfraDeployment } from "./deployment.js";
import { InfraApplyError, type ApplyPhase } from "./infra-apply-error.js";
import { entryMatches, restoreEntry, type DesiredFile, type TargetEntry } from "./target.js";

export interface ApplyResult {
  readonly output: InfraOutputId;
  readonly target: string;
  readonly status: "unchanged" | "applied";
  /** Paths that were changed on the target. */
  readonly changed: readonly string[];
}

/**
 * validate → write (atomically, one file at a time) → reload → probe. On any
 * failure after the first write, every written path gets its previous entry
 * back and the daemon is reloaded again, so the target keeps serving what it
 * served before. Nothing is written when validation fails.
 */
export async function applyDeployment(deployment: InfraDeployment, log: Logger): Promise<ApplyResult> {
  const { target, output } = deployment;
  await removeStaleTemporaries(deployment, log);
  const before = await Promise.all(deployment.files.map((f) => target.read(f.path)));
  const pending = deployment.files.flatMap((file, i) => {
    const current = before[i] ?? ({ type: "missing" } as const);
    return entryMatches(file, current) ? [] : [{ file, current }];
  });
  if (pending.length === 0) {
    log.info({ output, target: target.description }, "infra output unchanged");
    return { output, target: target.description, status: "unchanged", changed: [] };
  }

  const problems = await deployment.validate(target, deployment.files);
  if (problems.length > 0) {
    log.error({ output, target: target.description, problems }, "infra validation failed");
    throw new InfraApplyError({ output, target: target.description, phase: "validate", problems, restored: true });
  }

  const written: { file: DesiredFile; current: TargetEntry }[] = [];
  let phase: ApplyPhase = "write";
  try {
    for (const p of pending) {
      written.push(p);
      await write(deployment, p.file);
    }
    phase = "reload";
    await deployment.reload?.(target);
    phase = "probe";
    await deployment.probe?.();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log.error({ output, target: target.description, phase, err: message }, "infra apply failed, restoring previous files");
    const restored = await rollBack(deployment, written, log);
    throw new InfraApplyError({ output, target: target.description, phase, problems: [message], restored, cause: err });
  }
  const changed = pending.map((p) => p.file.path);
  log.info({ output, target: target.description, changed }, "infra output applied");
  return { output, target: target.description, status: "applied", changed };
}

/**
 * A process killed between creating a temporary file and renaming it over
 * the real one (kill -9, power loss) leaves the temporary file; the real file
 * is still the old one. The next apply of the output removes those leftovers.
 * A failure here is logged, not fatal: the files themselves are still whole.
 */
async function removeStaleTemporaries(deployment: InfraDeployment, log: Logger): Promise<void> {
  const { target, output } = deployment;
  try {
    const removed = await target.removeStaleTemporaries(deployment.files.map((f) => f.path));
    if (removed.length > 0) log.warn({ output, target: target.description, removed }, "infra stale temporary files removed");
  } catch (err) {
    log.warn({ output, target: target.description, err: err instanceof Error ? err.message : String(err) }, "infra stale temporary files not removed");
  }
}

async function write(deployment: InfraDeployment, file: DesiredFile): Promise<void> {
  if (file.kind === "file") await deployment.target.writeFile(file.path, file.content, file.mode);
  else if (file.kind === "symlink") await deployment.target.writeSymlink(file.path, file.linkTarget);
  else await deployment.target.remove(file.path);
}

async function rollBack(deployment: InfraDeployment, written: readonly { file: DesiredFile; current: TargetEntry }[], log: Logger): Promise<boolean> {
  let ok = true;
  for (const { file, current } of [...written].reverse()) {
    try {
      await restoreEntry(deployment.target, file.path, current, file.kind === "file" ? file.mode : 0o644);
    } catch (err) {
      ok = false;
      log.error({ output: deployment.output, path: file.path, err: err instanceof Error ? err.message : String(err) }, "infra restore failed");
    }
  }
  try {
    await deployment.reload?.(deployment.target);
  } catch (err) {
    ok = false;
    log.error({ output: deployment.output, err: err instanceof Error ? err.message : String(err) }, "infra reload after restore failed");
  }
  return ok;
}
