import type { Logger } from "../../logger.js";
import type { PhoenixMetrics } from "../runtime/metrics.js";

/**
 * Posts one part of a result (a status, a check run, a comment). When GitHub
 * still refuses it after the client's retries (`createPhoenixOctokit`), the
 * failure is logged and counted (`phoenix_failures_total{kind="report"}`) and
 * the caller goes on with the other parts: one lost post never takes the rest
 * of the result, or the deployment, with it.
 */
export async function postResultPart<T>(what: string, post: () => Promise<T>, context: { readonly metrics: PhoenixMetrics; readonly logger: Logger }): Promise<T | undefined> {
  try {
    return await post();
  } catch (err) {
    context.metrics.failures.inc({ kind: "report" });
    context.logger.error({ what, err }, "github result post failed");
    return undefined;
  }
}
