import { describe, expect, it } from "vitest";
import { diffExecutionValues, listExecutionValues } from "../../../src/trust/execution-values.js";
import { RepoSettings } from "../../../src/settings/repo-settings.js";
import { buildReferenceLikeState } from "../infra/desired-state-fixture.js";

describe("execution values", () => {
  const base = RepoSettings.parse({});
  it("are the same for reordered keys, and list every target, role, probe address and certificate field", () => {
    const a = RepoSettings.parse({ infra: { targets: { dns: { kind: "local", path: "/etc" } } } });
    const b = RepoSettings.parse({ infra: { targets: { dns: { path: "/etc", kind: "local" } } } });
    expect(diffExecutionValues(listExecutionValues(a, undefined), listExecutionValues(b, undefined))).toEqual([]);
    const state = buildReferenceLikeState({ certificates: [{ common_name: "gw.example.test", cert_path: "/ssl/gw.crt", key_path: "/ssl/gw.key", post_renewal_command: "systemctl reload nginx" }] });
    const settings = [...listExecutionValues(base, state).values()].map((v) => `${v.file} ${v.setting}`);
    expect(settings).toEqual(
      expect.arrayContaining([
        ".github/phoenix.yml infra.targets.dns",
        ".github/phoenix.yml infra.targets.nginx",
        'etc/certificate-manifest.json certificates["gw.example.test"].key_path',
        'etc/certificate-manifest.json certificates["gw.example.test"].post_renewal_command',
      ]),
    );
  });

  it("say before and after, and leave out a side that does not set the value", () => {
    const trusted = listExecutionValues(base, undefined);
    const planned = listExecutionValues(RepoSettings.parse({ swarm: { endpoint: "tcp://10.0.0.5:2375" } }), undefined);
    expect(diffExecutionValues(trusted, planned)).toEqual([{ file: ".github/phoenix.yml", setting: "swarm.endpoint", after: '"tcp://10.0.0.5:2375"' }]);
    expect(diffExecutionValues(planned, trusted)).toEqual([{ file: ".github/phoenix.yml", setting: "swarm.endpoint", before: '"tcp://10.0.0.5:2375"' }]);
  });
});
