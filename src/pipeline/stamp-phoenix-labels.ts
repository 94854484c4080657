import type { StackObjects } from "../engine/stack-objects.js";
import type { ServiceSpec } from "../engine/engine-service-spec.js";
import type { ObjectChange } from "../plan/plan.js";
import type { DesiredStack } from "./desired-stack.js";
import { COMMIT_LABEL, MANAGED_LABEL, SOURCE_LABEL } from "../engine/stack-labels.js";

/**
 * Adds Phoenix's service labels. They are service labels (Spec.Labels), so
 * they never restart a task. The commit label keeps the live value on a
 * service that does not otherwise change: a commit that touches one stack
 * must not rewrite every other service just to record itself.
 */
export function stampPhoenixLabels(desired: DesiredStack, live: StackObjects, instance: string): DesiredStack {
  const services = desired.spec.services.map((service) => {
    const liveCommit = live.services.find((s) => s.Spec.Name === service.Name)?.Spec.Labels?.[COMMIT_LABEL];
    return withLabels(service, {
      [MANAGED_LABEL]: instance,
      [SOURCE_LABEL]: `${desired.stack}@${desired.environment}`,
      ...(liveCommit !== undefined ? { [COMMIT_LABEL]: liveCommit } : {}),
    });
  });
  return { ...desired, spec: { ...desired.spec, services } };
}

/**
 * What a sync records as its commit: the commit, or `<commit>-dirty` (as
 * `git describe --dirty` marks it) when the planned working tree has
 * uncommitted changes, so no service claims a commit it was not built from.
 */
export function describeSourceCommit(commit: string | undefined, dirty: boolean | undefined): string | undefined {
  return commit !== undefined && dirty === true ? `${commit}-dirty` : commit;
}

/** Sets the commit label (see `describeSourceCommit`) on the services a plan creates or updates. */
export function stampCommit(desired: DesiredStack, changes: readonly ObjectChange[], commit: string | undefined): DesiredStack {
  if (commit === undefined) return desired;
  const changed = new Set(changes.filter((c) => c.kind === "service" && (c.action === "create" || c.action === "update")).map((c) => c.name));
  const services = desired.spec.services.map((s) => (changed.has(s.Name) ? withLabels(s, { [COMMIT_LABEL]: commit }) : s));
  return { ...desired, spec: { ...desired.spec, services } };
}

function withLabels(service: ServiceSpec, labels: Record<string, string>): ServiceSpec {
  return { ...service, Labels: { ...service.Labels, ...labels } };
}
