import { describe, expect, it } from "vitest";
import type { CertificateState } from "../../../src/certs/certificate-status.js";
import { computeDaysToExpiry, describeCertificates } from "../../../src/report/github/describe-certificates.js";

const NOW = Date.parse("2026-01-01T00:00:00Z");
const cert = (commonName: string, status: CertificateState["status"], notAfter?: string): CertificateState => ({
  commonName,
  sans: [commonName],
  certPath: `/c/${commonName}`,
  keyPath: `/k/${commonName}`,
  holder: "host",
  status,
  reason: status,
  action: status === "valid" ? "none" : "issue",
  ...(notAfter ? { notAfter } : {}),
});

describe("describeCertificates (phoenix/certificates)", () => {
  it("succeeds when every certificate is valid, with the soonest expiry", () => {
    const facts = { valid: true, certificates: [cert("a.test", "valid", "2026-03-02T00:00:00Z"), cert("b.test", "valid", "2026-01-31T12:00:00Z")], renewed: [], nowMs: NOW };
    expect(describeCertificates(facts)).toEqual({ ok: true, description: "2 valid; next expiry in 30 days (b.test)" });
  });

  it("counts a certificate renewed now as valid, with its new expiry", () => {
    const renewed = [{ commonName: "a.test", holder: "host", status: "due" as const, outcome: "issued" as const, installed: true, notAfter: "2026-04-01T00:00:00Z" }];
    expect(describeCertificates({ valid: true, certificates: [cert("a.test", "due", "2026-01-05T00:00:00Z")], renewed, nowMs: NOW })).toEqual({ ok: true, description: "renewed: a.test; 1 valid; next expiry in 90 days (a.test)" });
  });

  it("fails naming what is due when renewals are suspended", () => {
    const facts = { valid: true, certificates: [cert("a.test", "due", "2026-01-05T00:00:00Z")], nowMs: NOW };
    expect(describeCertificates(facts)).toEqual({ ok: false, description: "not renewed (automatic renewals suspended): a.test (due); next expiry in 4 days (a.test)" });
  });

  it("fails for an invalid configuration without naming certificates", () => {
    expect(describeCertificates({ valid: false, certificates: [], nowMs: NOW })).toEqual({ ok: false, description: "configuration invalid: certificates not checked" });
  });

  it("counts days to expiry down, negative once expired", () => {
    expect(computeDaysToExpiry("2025-12-30T00:00:00Z", NOW)).toBe(-2);
    expect(computeDaysToExpiry(undefined, NOW)).toBeUndefined();
  });
});
