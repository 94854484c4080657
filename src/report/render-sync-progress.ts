/**
 * Progress of a sync as text, from its events: every line names its unit,
 * since stacks deploy side by side. Two forms:
 * - plain (CI, pipes): one line per event, nothing ever rewritten;
 * - live (a terminal): a board of the units under way, one line each and
 *   one per service they touch, redrawn in place; what must stay on screen
 *   (a unit's end, a failure with the task's lines, a warning) is returned
 *   as lasting lines to print above the board.
 * It formats; the CLI writes and redraws.
 */
import type { StackDeployEvent, SyncStepEvent } from "../pipeline/run-sync.js";
import { formatDuration } from "./render-sync-summary.js";

export type SyncProgressEvent = { readonly kind: "deploy"; readonly event: StackDeployEvent } | { readonly kind: "step"; readonly event: SyncStepEvent };

interface ActiveUnit {
  readonly label: string;
  readonly verb: string;
  readonly startedAt: number;
  /** The last thing the unit did that is not about one service (`Creating network app_back`). */
  detail?: string;
  readonly services: Map<string, string>;
}

const SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
const SUCCESS = new Set(["applied", "unchanged", "removed"]);
const VERBS: Readonly<Record<string, string>> = { create: "creating", update: "updating", remove: "removing" };
const SERVICE_STATES: Readonly<Partial<Record<StackDeployEvent["type"], string>>> = {
  "service.create": "creating",
  "service.update": "updating",
  "service.unchanged": "up to date",
  "service.converged": "converged",
  "service.failed": "failed",
  "service.rollback": "rolling back",
  "service.remove": "removed",
};

export class SyncProgress {
  private readonly active = new Map<string, ActiveUnit>();

  constructor(private readonly live: boolean) {}

  /** Takes an event; returns the lines to print now (plain: every event; live: the lasting ones). */
  apply(progress: SyncProgressEvent, now: number): string[] {
    return progress.kind === "step" ? this.applyStep(progress.event, now) : this.applyDeploy(progress.event, now);
  }

  /** The live board: one line per unit under way, then its services; [] in plain form. */
  renderBoard(now: number): string[] {
    if (!this.live) return [];
    const frame = SPINNER[Math.floor(now / 100) % SPINNER.length] ?? "-";
    const lines: string[] = [];
    for (const unit of this.active.values()) {
      const detail = unit.detail ? ` · ${unit.detail}` : "";
      lines.push(`${frame} ${unit.label}: ${unit.verb} ${formatDuration(now - unit.startedAt)}${detail}`);
      for (const [service, state] of unit.services) lines.push(`    ${service}: ${state}`);
    }
    return lines;
  }

  private applyStep(event: SyncStepEvent, now: number): string[] {
    const label = labelOf(event.unit);
    if (event.phase === "start") {
      const verb = VERBS[event.action] ?? event.action;
      this.active.set(event.unit, { label, verb, startedAt: now, services: new Map() });
      return this.live ? [] : [`${label}: ${verb}`];
    }
    const started = this.active.get(event.unit)?.startedAt;
    this.active.delete(event.unit);
    const took = started === undefined ? "" : ` ${SUCCESS.has(event.outcome) ? "in" : "after"} ${formatDuration(now - started)}`;
    const mark = this.live ? (SUCCESS.has(event.outcome) ? "✓ " : "✗ ") : "";
    return [`${mark}${label}: ${event.outcome}${took}${event.error ? ` (${event.error})` : ""}`];
  }

  private applyDeploy(event: StackDeployEvent, now: number): string[] {
    const unit = this.findUnit(event.stack, now);
    const state = SERVICE_STATES[event.type];
    if (state !== undefined && event.name !== undefined) unit.services.set(event.name, state);
    else if (event.type !== "warning" && event.type !== "service.rolled-back") unit.detail = event.message;
    if (event.type === "service.rolled-back" && event.name !== undefined) unit.services.set(event.name, event.message.startsWith("Rollback of") ? "rollback failed" : "rolled back");
    const lines = [`${event.stack}: ${event.message}`, ...(event.lines ?? []).map((line) => `${event.stack}:   | ${line}`)];
    // On the board a service's state is shown in place; its failure, the rollback's end and warnings stay.
    const lasting = event.type === "service.failed" || event.type === "service.rolled-back" || event.type === "warning";
    return !this.live || lasting ? lines : [];
  }

  /** A stack's events arrive between its step's start and end; one outside them (a removal's) opens its own line. */
  private findUnit(stack: string, now: number): ActiveUnit {
    const unit = `stack/${stack}`;
    let found = this.active.get(unit);
    if (found === undefined) this.active.set(unit, (found = { label: stack, verb: "deploying", startedAt: now, services: new Map() }));
    return found;
  }
}

/** `stack/web_app` → `web_app`; other units keep their kind (`infra/dns`, `node/n1`). */
function labelOf(unit: string): string {
  return unit.startsWith("stack/") ? unit.slice("stack/".length) : unit;
}
