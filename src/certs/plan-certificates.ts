import type { DesiredState } from "../config/desired-state.js";
import { parseDuration, type CertificateSettings } from "../settings/certificate-settings.js";
import type { CaRoot } from "./ca-root.js";
import { listCertificateSpecs, type CertificateSpec } from "./certificate-spec.js";
import type { CertificateState } from "./certificate-status.js";
import type { CertificateTargets } from "./certificate-targets.js";
import type { BackoffStore } from "./issuance-backoff.js";
import { planCertificateStatus, type LiveCertificate } from "./plan-certificate-status.js";
import { readLiveCertificate } from "./read-live-certificate.js";

export interface CertificatePlanInput {
  readonly state: DesiredState;
  readonly settings: CertificateSettings;
  /** Whose paths and guests are read (the trusted ref's for a pull request); default: `state`. */
  readonly placementState?: DesiredState;
  readonly targets: CertificateTargets;
  readonly now: Date;
  readonly caRoot: CaRoot | undefined;
  readonly backoff?: BackoffStore;
  /** False reads no target (a pull request from a fork): every certificate is `unreadable`. */
  readonly readTargets?: boolean;
}

/** One certificate's plan, with the desired side it was computed from. */
export interface PlannedCertificate {
  readonly spec: CertificateSpec;
  readonly state: CertificateState;
}

/** Reads every certificate of the manifest through its target and plans it; writes nothing. */
export async function planCertificates(input: CertificatePlanInput): Promise<PlannedCertificate[]> {
  const specs = listCertificateSpecs(input.state, input.settings, input.placementState ?? input.state);
  const renewBeforeMs = input.settings.renewBefore === undefined ? undefined : parseDuration(input.settings.renewBefore);
  return Promise.all(
    specs.map(async (spec) => {
      const live = await readSpec(spec, input);
      const backoff = await input.backoff?.get(spec.commonName);
      const retryAfter = backoff !== undefined && new Date(backoff.retryAfter) > input.now ? backoff.retryAfter : undefined;
      const state = planCertificateStatus(spec, live, { now: input.now, renewBeforeMs, caRoot: input.caRoot?.cert, ...(retryAfter ? { retryAfter } : {}) });
      return { spec, state };
    }),
  );
}

async function readSpec(spec: CertificateSpec, input: CertificatePlanInput): Promise<LiveCertificate | undefined> {
  if (spec.placement === undefined) return undefined;
  if (input.readTargets === false) return { readable: false, problem: "not read: this plan reads no target" };
  const target = input.targets.forHolder(spec.placement.holder);
  if ("unreachable" in target) return { readable: false, problem: target.unreachable };
  return readLiveCertificate(target, spec.placement);
}
