import { beforeAll, describe, expect, it } from "vitest";
import { analyzeImpact } from "../../../src/impact/analyze-impact.js";
import { hasImpact, type Impact } from "../../../src/impact/impact.js";
import { analyzeChange, editJson, editText, loadState, readExampleRepo, type JsonObject, type RepoFiles } from "./example-repo.js";

let base: RepoFiles;
beforeAll(async () => {
  base = await readExampleRepo();
});

const VMS = "etc/phoenix_vm_configs.json";
const WEB_MANIFEST = "stacks/web_app/phoenix.json";

/** Which units an impact names, without the reasons. */
function units(impact: Impact) {
  return { stacks: impact.stacks.map((s) => s.name), infra: impact.infra.map((i) => i.output), guests: impact.guests.map((g) => g.id), settings: impact.settingsChanged };
}

const NOTHING = { stacks: [], infra: [], guests: [], settings: false };

describe("analyzeImpact on the example config", () => {
  it("a changed image affects its stack only", async () => {
    const impact = await analyzeChange(base, editText(base, "stacks/web_app/docker-compose.yml", (t) => t.replace("image: phoenix-test/web:1", "image: phoenix-test/web:3")));
    expect(units(impact)).toEqual({ ...NOTHING, stacks: ["web_app"] });
    expect(impact.stacks[0]?.reasons).toEqual(["production: stacks/web_app/docker-compose.yml: services.web.image changed"]);
  });

  it("a changed variable affects the stack through the compose value it feeds, without printing the value", async () => {
    const after = editJson(base, WEB_MANIFEST, (m) => {
      m.environments.production.variables[2].value = "s3cr3t-level";
    });
    const impact = await analyzeChange(base, after);
    expect(units(impact)).toEqual({ ...NOTHING, stacks: ["web_app"] });
    expect(impact.stacks[0]?.reasons).toEqual(["production: stacks/web_app/docker-compose.yml: services.web.environment.LOG_LEVEL changed"]);
    expect(JSON.stringify(impact)).not.toContain("s3cr3t-level");
  });

  it("names paths as the files spell them: the compose file's snake_case keys, the manifest's own list indexes", async () => {
    const compose = editText(base, "stacks/web_app/docker-compose.yml", (t) => t.replace("        order: start-first\n", "        order: start-first\n        max_failure_ratio: 0.5\n"));
    const fromCompose = await analyzeChange(base, compose);
    expect(fromCompose.stacks[0]?.reasons).toEqual(["production: stacks/web_app/docker-compose.yml: services.web.deploy.update_config.max_failure_ratio changed"]);

    // The second of four labels: the file's index 1, though sorted it would be another.
    const labels = editJson(base, WEB_MANIFEST, (m) => {
      m.environments.production.services.web.traefik_labels[1] = "traefik.http.routers.web-app.rule=Host(`www.internal.example.test`)";
    });
    const fromManifest = await analyzeChange(base, labels);
    expect(fromManifest.stacks[0]?.reasons).toEqual(["production: environments.production.services.web.traefik_labels[1] changed"]);
    const reordered = editJson(base, WEB_MANIFEST, (m) => void m.environments.production.services.web.traefik_labels.reverse());
    expect(units(await analyzeChange(base, reordered))).toEqual(NOTHING);

    const files = editJson(base, WEB_MANIFEST, (m) => {
      m.environments.production.files[0].destination_in_container = "/etc/web_app/other.env";
    });
    const fromFiles = await analyzeChange(base, files);
    // Files merge by destination: the manifest's entry is a new one; the central config's entry for the old destination now applies again.
    expect(fromFiles.stacks[0]?.reasons).toEqual(["production: stacks/web_app/phoenix.json: environments.production.files[0] changed"]);
  });

  it("a variable no compose file interpolates is no change", async () => {
    const after = editJson(base, WEB_MANIFEST, (m) => {
      m.environments.production.variables.push({ name: "NOT_INTERPOLATED", value: "1" });
    });
    expect(units(await analyzeChange(base, after))).toEqual(NOTHING);
  });

  it("a changed file the stack mounts affects the stack, though its content is not in the state", async () => {
    const impact = await analyzeChange(base, editText(base, "stacks/web_app/configs/production.env", (t) => `${t}FEATURE_SEARCH=on\n`));
    expect(units(impact)).toEqual({ ...NOTHING, stacks: ["web_app"] });
    expect(impact.stacks[0]?.reasons).toEqual(["production: file stacks/web_app/configs/production.env changed (mounted at /etc/web_app/app.env)"]);
  });

  it("reordering JSON keys is no change", async () => {
    let after = base;
    // Integer-like keys (lxc_configs) cannot be reordered through a JS object, and their order is meaningful anyway.
    for (const file of ["etc/phoenix_hypervisor_config.json", VMS, "etc/phoenix_stacks_config.json", "etc/certificate-manifest.json", WEB_MANIFEST, "stacks/api_service/phoenix.json", "stacks/status_page/phoenix.json"])
      after = { ...after, [file]: JSON.stringify(reverseKeys(JSON.parse(base[file] ?? "null")), null, 4) };
    expect(units(await analyzeChange(base, after))).toEqual(NOTHING);
  });

  it("whitespace and comments are no change", async () => {
    let after = base;
    for (const file of Object.keys(base).filter((f) => f.endsWith(".json"))) after = editText(after, file, (t) => t.replace(/^( {4})+/gm, (indent) => "\t".repeat(indent.length / 4)) + "\n\n");
    after = editText(after, "stacks/web_app/docker-compose.yml", (t) => t.replace("services:\n", "# the services\n\nservices:\n"));
    expect(units(await analyzeChange(base, after))).toEqual(NOTHING);
  });

  it("moving a stack to another VM affects the stack and the firewall files its rules move between", async () => {
    const after = editJson(base, VMS, (file) => {
      const [manager, worker] = file.vms as JsonObject[];
      if (!manager || !worker) throw new Error("the example has two VMs");
      manager.docker_stacks = manager.docker_stacks.filter((s: unknown) => s !== "web_app");
      worker.docker_stacks.push("web_app");
    });
    const impact = await analyzeChange(base, after);
    expect(units(impact)).toEqual({ ...NOTHING, stacks: ["web_app"], infra: ["firewall"] });
    expect(impact.stacks[0]?.reasons).toEqual(["production: moved from VM 1001 to VM 1002"]);
    expect(impact.infra[0]?.reasons.map((r) => r.split(":")[0])).toEqual(["1001.fw", "1002.fw"]);
  });

  it("a changed guest address affects the guest, DNS and the Traefik route to it", async () => {
    const after = editJson(base, VMS, (file) => {
      file.vms[1].network_config.ip = "10.10.0.113/24";
    });
    const impact = await analyzeChange(base, after);
    // The firewall files hold the rules as written, never a guest's address, so the firewall is not affected.
    expect(units(impact)).toEqual({ ...NOTHING, infra: ["dns", "traefik"], guests: ["1002"] });
    expect(impact.guests[0]?.reasons).toEqual(["VM 1002 (swarm-worker): network_config.ip changed"]);
    expect(impact.infra.find((i) => i.output === "dns")?.reasons).toEqual(["dnsmasq.d/00-phoenix-internal.conf: 2 lines added, 2 removed"]);
  });

  it("a changed address of the proxy guest also affects the gateway that proxies to it", async () => {
    const after = { ...base, "etc/phoenix_lxc_configs.json": editText(base, "etc/phoenix_lxc_configs.json", (t) => t.replace('"ip": "10.10.0.12/24"', '"ip": "10.10.0.13/24"'))["etc/phoenix_lxc_configs.json"] ?? "" };
    expect(units(await analyzeChange(base, after))).toEqual({ ...NOTHING, infra: ["dns", "nginx"], guests: ["102"] });
  });

  it.each([
    ["a stack's description", WEB_MANIFEST, (m: JsonObject) => void (m.description = "Rewritten.")],
    ["the hypervisor config's author", "etc/phoenix_hypervisor_config.json", (h: JsonObject) => void (h.author = "someone else")],
    ["a key no schema declares", VMS, (file: JsonObject) => void (file.vms[0].notes = "kept, unused")],
    ["an environment no VM deploys", WEB_MANIFEST, (m: JsonObject) => void (m.environments.staging.variables[1].value = "5")],
  ])("changing %s is no change", async (_, file, edit) => {
    expect(units(await analyzeChange(base, editJson(base, file, edit)))).toEqual(NOTHING);
  });

  it("a stack's firewall rule affects the firewall, not the stack's deployment", async () => {
    const after = editJson(base, WEB_MANIFEST, (m) => {
      m.environments.production.firewall_rules[0].port = "8443";
    });
    const impact = await analyzeChange(base, after);
    expect(units(impact)).toEqual({ ...NOTHING, infra: ["firewall"] });
    // The old rule duplicated status_page's (same port, the first comment kept); now both are written.
    expect(impact.infra[0]?.reasons).toEqual(["1001.fw: 2 lines added, 1 removed"]);
  });

  it("a changed certificate entry affects the certificates", async () => {
    const after = editJson(base, "etc/certificate-manifest.json", (entries) => {
      entries[1].permissions = "600";
    });
    const impact = await analyzeChange(base, after);
    expect(units(impact)).toEqual({ ...NOTHING, infra: ["certificates"] });
    expect(impact.infra[0]?.reasons).toEqual(["traefik.internal.example.test: permissions changed"]);
  });

  it("a stack dropped from the config is affected", async () => {
    const after = editJson(base, VMS, (file) => {
      file.vms[0].docker_stacks = ["web_app"];
    });
    const withoutStack = Object.fromEntries(Object.entries(after).filter(([p]) => !p.startsWith("stacks/status_page/")));
    const impact = await analyzeChange(base, withoutStack);
    expect(impact.stacks).toEqual([{ name: "status_page", reasons: ["removed from the config (was production on VM 1001)"] }]);
  });

  it("compares only the units a changed path can reach", async () => {
    const after = editText(base, "stacks/web_app/docker-compose.yml", (t) => t.replace("phoenix-test/web:1", "phoenix-test/web:3"));
    const [before, now] = await Promise.all([loadState(base), loadState(after)]);
    expect(analyzeImpact({ changedPaths: ["stacks/api_service/docker-compose.yml"], before, after: now }).stacks).toEqual([]);
    expect(analyzeImpact({ changedPaths: ["./stacks/web_app/docker-compose.yml"], before, after: now }).stacks.map((s) => s.name)).toEqual(["web_app"]);
  });

  it("reports the settings file", async () => {
    const state = await loadState(base);
    const impact = analyzeImpact({ changedPaths: [".github/phoenix.yml"], before: state, after: state });
    expect(units(impact)).toEqual({ ...NOTHING, settings: true });
    expect(hasImpact(impact)).toBe(true);
  });

  it("without a base commit every deployed unit is affected", async () => {
    const state = await loadState(base);
    const impact = analyzeImpact({ changedPaths: [], before: undefined, after: state });
    expect(units(impact)).toEqual({
      stacks: ["api_service", "status_page", "web_app"],
      infra: ["dns", "firewall", "traefik", "nginx", "certificates"],
      guests: ["103", "101", "102", "1001", "1002"],
      settings: false,
    });
    expect(impact.stacks[0]?.reasons).toEqual(["deployed staging on VM 1002 (no earlier state)"]);
  });
});

/** The same JSON with the keys of every object in reverse order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)]));
}
