import type { RollbackOutcome } from "./rollback-service.js";

/** The line that says a rollback is over, and how it ended. */
export function describeRollbackOutcome(service: string, rollback: RollbackOutcome): string {
  if (rollback.outcome === "removed") return `Service ${service} removed: the deploy created it, and it did not run`;
  if (rollback.outcome === "rollback-failed") return `Rollback of service ${service} failed: ${rollback.reason ?? "unknown reason"}`;
  const done = rollback.completed;
  return done === undefined
    ? `Service ${service} rolled back`
    : `Service ${service} rolled back: ${done.state}, ${done.running}/${done.desired} tasks of the previous spec running`;
}
