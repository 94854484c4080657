import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** What `/metrics` exposes. One registry per app, so tests can run several apps side by side. */
export interface PhoenixMetrics {
  readonly registry: Registry;
  readonly deliveries: Counter<"event" | "result">;
  readonly plans: Counter<"conclusion">;
  readonly syncs: Counter<"conclusion">;
  readonly failures: Counter<"kind">;
  readonly durations: Histogram<"kind">;
  /** Days until each managed certificate expires, as the reconcile loop last read it (negative once expired). */
  readonly certificateExpiryDays: Gauge<"repo" | "certificate">;
}

export function createPhoenixMetrics(options: { defaultMetrics?: boolean } = {}): PhoenixMetrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? false) collectDefaultMetrics({ register: registry, prefix: "phoenix_" });
  const registers = [registry];
  return {
    registry,
    deliveries: new Counter({ name: "phoenix_webhook_deliveries_total", help: "Webhook deliveries by event and what became of them", labelNames: ["event", "result"], registers }),
    plans: new Counter({ name: "phoenix_plans_total", help: "Pull request plans by check conclusion", labelNames: ["conclusion"], registers }),
    syncs: new Counter({ name: "phoenix_syncs_total", help: "Syncs of the default branch by result", labelNames: ["conclusion"], registers }),
    failures: new Counter({ name: "phoenix_failures_total", help: "Runs that ended in an error (not a failed check)", labelNames: ["kind"], registers }),
    durations: new Histogram({
      name: "phoenix_run_duration_seconds",
      help: "Duration of plan, sync and drift runs",
      labelNames: ["kind"],
      buckets: [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600],
      registers,
    }),
    certificateExpiryDays: new Gauge({
      name: "phoenix_certificate_expiry_days",
      help: "Days until each managed certificate expires, as the reconcile loop last read it",
      labelNames: ["repo", "certificate"],
      registers,
    }),
  };
}
