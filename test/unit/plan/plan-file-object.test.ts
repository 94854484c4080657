import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { hashFileObjectContent, rotatedObjectName } from "../../../src/plan/spec-diff/file-object-content.js";
import { planFileObject, type DesiredFileObject, type LiveFileObject } from "../../../src/plan/spec-diff/plan-file-object.js";
import { CONTENT_HASH_LABEL, LOGICAL_NAME_LABEL } from "../../../src/engine/stack-labels.js";

const fixture = JSON.parse(readFileSync(new URL("./fixtures/daemon-file-objects.json", import.meta.url), "utf8")) as {
  secrets: LiveFileObject[];
  configs: LiveFileObject[];
};

const b64 = (text: string) => Buffer.from(text).toString("base64");
const namespace = { "com.docker.stack.namespace": "zfix" };

function desired(name: string, data: string): DesiredFileObject {
  return { Name: name, Labels: namespace, Data: b64(data) };
}

/** A live object as Phoenix would have created it. */
function phoenixObject(id: string, name: string, logical: string, data: string, kind: "secret" | "config"): LiveFileObject {
  const hash = hashFileObjectContent({ Data: b64(data) });
  return {
    ID: id,
    Version: { Index: 10 },
    Spec: {
      Name: name,
      Labels: { ...namespace, [LOGICAL_NAME_LABEL]: logical, [CONTENT_HASH_LABEL]: hash },
      ...(kind === "config" ? { Data: b64(data) } : {}),
    },
  };
}

describe("planFileObject", () => {
  it("creates the first version under the plain name, labelled with its logical name and hash", () => {
    const plan = planFileObject("secret", desired("zfix_tok", "a"), []);
    expect(plan.action).toBe("create");
    if (plan.action !== "create") return;
    expect(plan.spec.Name).toBe("zfix_tok");
    expect(plan.spec.Labels).toEqual({ ...namespace, [LOGICAL_NAME_LABEL]: "zfix_tok", [CONTENT_HASH_LABEL]: hashFileObjectContent({ Data: b64("a") }) });
  });

  it("leaves an object with the same content and labels alone", () => {
    const live = [phoenixObject("s1", "zfix_tok", "zfix_tok", "a", "secret")];
    expect(planFileObject("secret", desired("zfix_tok", "a"), live)).toMatchObject({ action: "unchanged", current: { ID: "s1" }, changes: [] });
  });

  it("rotates on a content change to <name>-<short hash> and reports the data change without content", () => {
    const live = [phoenixObject("s1", "zfix_tok", "zfix_tok", "a", "secret")];
    const plan = planFileObject("secret", desired("zfix_tok", "b"), live);
    const hash = hashFileObjectContent({ Data: b64("b") });
    expect(plan).toMatchObject({ action: "rotate", previous: { ID: "s1" }, spec: { Name: rotatedObjectName("zfix_tok", hash) } });
    expect(rotatedObjectName("zfix_tok", hash)).toMatch(/^zfix_tok-[0-9a-f]{10}$/);
    expect(plan.changes).toEqual([
      { field: "data", path: "data", op: "change", before: `sha256:${hashFileObjectContent({ Data: b64("a") }).slice(0, 10)}`, after: `sha256:${hash.slice(0, 10)}` },
      { field: "name", path: "name", op: "change", before: "zfix_tok", after: rotatedObjectName("zfix_tok", hash) },
    ]);
    expect(JSON.stringify(plan.changes)).not.toContain(b64("b"));
  });

  it("finds the current object among older rotated ones, which become candidates for removal", () => {
    const live = [
      phoenixObject("s1", "zfix_tok", "zfix_tok", "a", "secret"),
      phoenixObject("s2", rotatedObjectName("zfix_tok", hashFileObjectContent({ Data: b64("b") })), "zfix_tok", "b", "secret"),
      phoenixObject("other", "zfix_other", "zfix_other", "b", "secret"),
    ];
    const plan = planFileObject("secret", desired("zfix_tok", "b"), live);
    expect(plan).toMatchObject({ action: "unchanged", current: { ID: "s2" } });
    expect(plan.candidates.map((c) => c.ID)).toEqual(["s1", "s2"]);
  });

  it("updates labels in place when only they changed", () => {
    const live = [phoenixObject("s1", "zfix_tok", "zfix_tok", "a", "secret")];
    const plan = planFileObject("secret", { ...desired("zfix_tok", "a"), Labels: { ...namespace, team: "x" } }, live);
    expect(plan).toMatchObject({ action: "update-labels", current: { ID: "s1" }, spec: { Name: "zfix_tok" } });
    expect(plan.changes).toEqual([{ field: "labels", key: "team", path: "labels.team", op: "add", after: "x" }]);
  });

  it("reads a CLI-made config's content from its data: same content only needs Phoenix's labels", () => {
    const cliConfig = fixture.configs[0] as LiveFileObject;
    const content = Buffer.from(cliConfig.Spec.Data ?? "", "base64").toString();
    const plan = planFileObject("config", desired(cliConfig.Spec.Name, content), [cliConfig]);
    expect(plan.action).toBe("update-labels");
    expect(plan.changes.map((c) => c.path)).toEqual([`labels["${LOGICAL_NAME_LABEL}"]`, `labels["${CONTENT_HASH_LABEL}"]`]);
    expect(planFileObject("config", desired(cliConfig.Spec.Name, "other"), [cliConfig]).action).toBe("rotate");
  });

  it("probes a CLI-made secret, whose data the daemon never returns", () => {
    const cliSecret = fixture.secrets[0] as LiveFileObject;
    expect(cliSecret.Spec).not.toHaveProperty("Data");
    const plan = planFileObject("secret", desired(cliSecret.Spec.Name, "s3cret"), [cliSecret]);
    expect(plan).toMatchObject({ action: "probe", current: { ID: cliSecret.ID }, spec: { Name: cliSecret.Spec.Name } });
    if (plan.action === "probe") expect(plan.rotation.Name).toBe(rotatedObjectName(cliSecret.Spec.Name, plan.contentHash));
  });

  it("hashes templating and driver settings with the data", () => {
    const plain = hashFileObjectContent({ Data: b64("x") });
    expect(hashFileObjectContent({ Data: b64("x"), Templating: { Name: "golang" } })).not.toBe(plain);
    expect(hashFileObjectContent({ Data: b64("x"), Driver: { Name: "vault", Options: { b: "2", a: "1" } } })).toBe(
      hashFileObjectContent({ Data: b64("x"), Driver: { Name: "vault", Options: { a: "1", b: "2" } } }),
    );
  });
});
