import { describe, expect, it } from "vitest";
import { checkReadiness } from "../../../src/infra/readiness/check-readiness.js";
import { listReadinessChecks } from "../../../src/settings/readiness-checks.js";
import type { ReadinessProbes } from "../../../src/infra/readiness/readiness-probes.js";
import { RepoSettings } from "../../../src/settings/repo-settings.js";
import { loadDesiredState } from "../../../src/config/load-desired-state.js";
import type { DesiredState } from "../../../src/config/desired-state.js";
import { createMemoryTree } from "../../../src/source/file-tree.js";
import { readExampleRepo } from "../impact/example-repo.js";

async function loadExampleState(): Promise<DesiredState> {
  const load = await loadDesiredState(createMemoryTree(await readExampleRepo()));
  if (!load.state) throw new Error("the bundled example does not load");
  return load.state;
}

function probes(up: { dns?: boolean; tcp?: Record<string, boolean> }) {
  const asked: string[] = [];
  const p: ReadinessProbes = {
    async answersDns(server, name) {
      asked.push(`dns ${server} ${name}`);
      return up.dns ?? true;
    },
    async acceptsTcp(host, port) {
      asked.push(`tcp ${host}:${port}`);
      return up.tcp?.[`${host}:${port}`] ?? true;
    },
  };
  return { p, asked };
}

const settings = (value: unknown) => RepoSettings.parse(value);
const NONE = { infra: { targets: { dns: { kind: "none" }, firewall: { kind: "none" }, traefik: { kind: "none" }, nginx: { kind: "none" } } } };

describe("readiness checks", () => {
  it("are on for DNS and Traefik where Phoenix runs their daemon steps, never by default for the CA", () => {
    expect(listReadinessChecks(settings({}))).toEqual({ dns: true, traefik: true, ca: false });
    const demo = settings({ infra: { targets: { dns: { kind: "local", path: "/var/lib/x", reload: "true" }, traefik: { kind: "none" } } } });
    expect(listReadinessChecks(demo)).toEqual({ dns: false, traefik: false, ca: false });
    expect(listReadinessChecks(settings({ readiness: { ca: true, dns: false } }))).toEqual({ dns: false, traefik: true, ca: true });
  });

  it("ask nothing when every target is none and no check is turned on", async () => {
    const { p, asked } = probes({});
    expect(await checkReadiness(await loadExampleState(), listReadinessChecks(settings(NONE)), p)).toEqual({ findings: [] });
    expect(asked).toEqual([]);
  });

  it("hold back the stacks when DNS or Traefik does not answer, and only the certificates when the CA does not", async () => {
    const { p, asked } = probes({ dns: false, tcp: { "10.10.0.12:80": false, "10.10.0.10:9000": false } });
    const result = await checkReadiness(await loadExampleState(), listReadinessChecks(settings({ ...NONE, readiness: { dns: true, traefik: true, ca: true } })), p);
    expect(asked).toEqual(["dns 10.10.0.2 api-staging.internal.example.test", "tcp 10.10.0.12:80", "tcp 10.10.0.10:9000"]);
    expect(result.findings.map((f) => [f.code, f.message])).toEqual([
      ["READINESS_DNS", "the DNS server 10.10.0.2 does not answer for internal.example.test (asked for api-staging.internal.example.test): the stacks are not deployed until it does"],
      ["READINESS_TRAEFIK", "Traefik (102, Traefik-Internal) does not accept connections on 10.10.0.12:80: the stacks are not deployed until it does"],
      ["READINESS_CA", "the CA (103, Step-CA) does not accept connections on 10.10.0.10:9000: the certificates are not deployed until it does"],
    ]);
    expect([result.holdStacks, result.holdCertificates]).toEqual(["the DNS server 10.10.0.2 does not answer for internal.example.test", "the CA (103, Step-CA) does not accept connections on 10.10.0.10:9000"]);
  });
});
