/**
 * The record of one deploy while it runs: objects touched, warnings, events
 * (forwarded to `onEvent` as they happen) and log lines. Every step of
 * `deployStack` writes here; `toResult` turns it into the plain DeployResult.
 */
import type { Logger } from "../logger.js";
import type { WriteCallCounts } from "./counting-swarm-port.js";
import type {
  DeployEvent,
  DeployEventType,
  DeployOutcome,
  DeployResult,
  DeployedObject,
  ServiceVerification,
} from "./deploy-types.js";

export class DeployRun {
  readonly objects: DeployedObject[] = [];
  readonly warnings: string[] = [];
  readonly verifications: ServiceVerification[] = [];
  private readonly startedAt = Date.now();

  constructor(
    readonly stack: string,
    readonly logger: Logger,
    private readonly onEvent: ((event: DeployEvent) => void) | undefined,
  ) {}

  emit(type: DeployEventType, message: string, fields: { name?: string; id?: string; stream?: "stdout" | "stderr"; lines?: readonly string[] } = {}): void {
    const { stream = "stdout", ...ids } = fields;
    this.onEvent?.({ type, message, stream, ...ids });
  }

  record(object: DeployedObject): void {
    this.objects.push(object);
    const fields = { stack: this.stack, kind: object.kind, name: object.name, action: object.action, changes: object.changes.length };
    if (object.action === "unchanged") this.logger.debug(fields, "stack object unchanged");
    else this.logger.info(fields, "stack object applied");
  }

  /** A warning for the user (stderr line, result, log). */
  warn(message: string, fields: { name?: string } = {}): void {
    this.warnings.push(message);
    this.logger.warn({ stack: this.stack, ...fields, warning: message }, "deploy warning");
    this.emit("warning", message, { ...fields, stream: "stderr" });
  }

  verified(verification: ServiceVerification): void {
    this.verifications.push(verification);
    this.logger.info(
      { stack: this.stack, service: verification.service, outcome: verification.outcome, reason: verification.reason },
      "service verified",
    );
  }

  toResult(writeCalls: WriteCallCounts, error?: { code: string; message: string }): DeployResult {
    return {
      stack: this.stack,
      outcome: this.decideOutcome(error !== undefined),
      objects: [...this.objects],
      verifications: [...this.verifications],
      warnings: [...this.warnings],
      writeCalls,
      durationMs: Date.now() - this.startedAt,
      ...(error === undefined ? {} : { error }),
    };
  }

  private decideOutcome(stopped: boolean): DeployOutcome {
    const unsettled = this.verifications.filter((v) => v.outcome !== "converged" && v.outcome !== "not-verified");
    if (stopped || unsettled.some((v) => v.outcome === "failed" || v.outcome === "rollback-failed")) return "failed";
    if (unsettled.length > 0) return "rolled-back";
    return this.objects.every((o) => o.action === "unchanged") ? "unchanged" : "applied";
  }
}
