import type { PlanStep } from "../plan/plan.js";
import { bootstrapMissingCertificates, type BootstrapResult } from "../certs/bootstrap-missing-certificates.js";
import { OPEN_POLICY } from "../trust/operator-policy.js";
import { applyCertificateStage, CERTIFICATE_UNIT, type CertificateStageResult } from "./certificate-stage.js";
import type { PlanInput, PlanRun } from "./run-plan.js";

/** What the certificate steps of one sync did. */
export interface CertificateSyncRecord {
  readonly bootstrapped: BootstrapResult[];
  stage: CertificateStageResult | undefined;
}

export function createCertificateSyncRecord(): CertificateSyncRecord {
  return { bootstrapped: [], stage: undefined };
}

/**
 * One `certificate/<name>` step of a sync. A `bootstrap` step writes the
 * placeholder of that certificate; the first issuing step applies every
 * certificate step of the plan at once (one ACME session, one account).
 */
export async function runCertificateStep(step: PlanStep, planned: PlanRun, input: PlanInput, record: CertificateSyncRecord): Promise<void> {
  const stage = planned.certificateStage;
  if (stage === undefined || planned.state === undefined || planned.settings === undefined) return;
  const name = step.unit.slice(CERTIFICATE_UNIT.length + 1);
  if (step.action === "bootstrap") {
    record.bootstrapped.push(...(await bootstrapMissingCertificates(stage.planned.filter((p) => p.spec.commonName === name), stage.targets, input.logger)));
    return;
  }
  if (record.stage !== undefined) return;
  const names = planned.plan?.steps.filter((s) => s.unit.startsWith(`${CERTIFICATE_UNIT}/`) && s.action !== "bootstrap").map((s) => s.unit.slice(CERTIFICATE_UNIT.length + 1)) ?? [];
  record.stage = await apply(planned, input, new Set(names));
}

/** After the steps: a repo that manages certificates gets the CA root checked in every trust store even when no certificate changed. */
export async function finishCertificateSteps(planned: PlanRun, input: PlanInput, record: CertificateSyncRecord): Promise<void> {
  if (record.stage !== undefined || planned.certificateStage === undefined) return;
  record.stage = await apply(planned, input, new Set());
}

async function apply(planned: PlanRun, input: PlanInput, only: ReadonlySet<string>): Promise<CertificateStageResult | undefined> {
  const { certificateStage: stage, state, settings } = planned;
  if (stage === undefined || state === undefined || settings === undefined) return undefined;
  return applyCertificateStage(stage, state, settings, {
    logger: input.logger,
    ...input.certificates,
    allowRepoCommands: (input.policy ?? OPEN_POLICY).allowRepoCommands,
    only,
  });
}
