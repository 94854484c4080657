/**
 * How certificates read in a plan and in `phoenix certs`: the terminal
 * lines, the PR comment's table and the JSON entries. Formatting of the
 * plan's own data only; a certificate state carries no key material.
 */
import { z } from "zod";
import type { CertificateState } from "../certs/certificate-status.js";
import { CERTIFICATE_STATUSES } from "../certs/certificate-status.js";
import type { CommentPart } from "./fit-markdown-comment.js";
import { codeSpan, renderTable } from "./markdown-syntax.js";
import { plural } from "./describe-plan.js";

/** One certificate in `--json` (plan documents and `phoenix certs --json`). */
export const PlanJsonCertificate = z.strictObject({
  commonName: z.string().describe("The manifest's common name."),
  sans: z.array(z.string()).describe("DNS names of the live certificate; the manifest's when none could be read."),
  certPath: z.string().optional().describe("Certificate (full chain) file on the machine that holds it."),
  keyPath: z.string().optional().describe("Private key file on the machine that holds it."),
  holder: z.string().optional().describe("That machine: `host`, `lxc 101`."),
  notAfter: z.string().optional().describe("Expiry of the live certificate, ISO 8601."),
  issuer: z.string().optional().describe("Issuer of the live certificate (`CN=…`)."),
  fingerprint: z.string().optional().describe("SHA-256 of the live leaf, lower-case hex."),
  status: z.enum(CERTIFICATE_STATUSES).describe("One of `valid`, `due`, `expired`, `missing`, `mismatch`, `sans-differ`, `wrong-owner`, `wrong-mode`, `wrong-issuer`, `unreadable`."),
  reason: z.string().describe("Why, in words."),
  action: z.enum(["issue", "fix-permissions", "none"]).describe("What a sync does: `issue`, `fix-permissions` or `none`."),
  namesAdded: z.array(z.string()).optional().describe("`sans-differ`: names the manifest adds."),
  namesRemoved: z.array(z.string()).optional().describe("`sans-differ`: names the manifest removes."),
  retryAfter: z.string().optional().describe("ISO 8601: a failed issuance is not retried before then."),
});
export type PlanJsonCertificate = z.infer<typeof PlanJsonCertificate>;

export function toCertificateJson(state: CertificateState): PlanJsonCertificate {
  const optional = <K extends keyof CertificateState>(key: K) => (state[key] === undefined ? {} : { [key]: state[key] });
  return {
    commonName: state.commonName,
    sans: [...state.sans],
    ...optional("certPath"),
    ...optional("keyPath"),
    ...optional("holder"),
    ...optional("notAfter"),
    ...optional("issuer"),
    ...optional("fingerprint"),
    status: state.status,
    reason: state.reason,
    action: state.action,
    ...(state.namesAdded === undefined ? {} : { namesAdded: [...state.namesAdded] }),
    ...(state.namesRemoved === undefined ? {} : { namesRemoved: [...state.namesRemoved] }),
    ...optional("retryAfter"),
  } as PlanJsonCertificate;
}

/** Certificates a plan shows: the ones a sync acts on, and the ones it cannot read. */
export function listNotableCertificates(certificates: readonly CertificateState[] | undefined): CertificateState[] {
  return (certificates ?? []).filter((c) => c.action !== "none" || c.status !== "valid");
}

/** `nginx.internal.example.test (host): due → issue; expires in 5 days (…)` */
export function describeCertificateLine(state: CertificateState): string {
  const where = state.holder === undefined ? "" : ` (${state.holder})`;
  const action = state.action === "none" ? "" : ` → ${state.action === "issue" ? "issue" : "fix owner and mode"}`;
  const backoff = state.retryAfter === undefined ? "" : `; backing off until ${state.retryAfter}`;
  return `${state.commonName}${where}: ${state.status}${action}; ${state.reason}${backoff}`;
}

export function renderCertificateTable(certificates: readonly CertificateState[]): CommentPart {
  const [head1, head2, ...rows] = renderTable(
    ["Certificate", "Status", "Action", "Reason"],
    certificates.map((c) => [codeSpan(c.commonName), c.status, c.action === "fix-permissions" ? "fix owner and mode" : c.action, c.reason]),
  );
  return { kind: "rows", head: `${head1}\n${head2}`, rows, more: (n) => `| … | | | ${n} more ${plural(n, "certificate")} |` };
}
