import { createRunLogger, type Logger } from "../../logger.js";
import type { AppRuntime } from "./app-options.js";

/**
 * The per-delivery logger, or undefined for a delivery already handled (a
 * redelivery): then nothing runs twice. Every delivery is counted.
 */
export function acceptDelivery(runtime: AppRuntime, delivery: { readonly id: string; readonly name: string }): Logger | undefined {
  if (!runtime.deliveries.acceptDelivery(delivery.id)) {
    runtime.metrics.deliveries.inc({ event: delivery.name, result: "duplicate" });
    runtime.logger.info({ delivery: delivery.id, event: delivery.name }, "duplicate delivery ignored");
    return undefined;
  }
  runtime.metrics.deliveries.inc({ event: delivery.name, result: "accepted" });
  return createRunLogger(runtime.logger, delivery.id, { event: delivery.name });
}
