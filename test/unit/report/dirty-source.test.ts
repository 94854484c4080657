import { describe, expect, it } from "vitest";
import { COMMIT_LABEL } from "../../../src/engine/stack-labels.js";
import { describeSourceCommit, stampCommit } from "../../../src/pipeline/stamp-phoenix-labels.js";
import type { DesiredStack } from "../../../src/pipeline/desired-stack.js";
import { PlanJsonDocument } from "../../../src/report/plan-json-document.js";
import { renderPlanJson } from "../../../src/report/render-plan-json.js";
import { renderPlanMarkdown } from "../../../src/report/render-plan-markdown.js";
import { renderPlanText } from "../../../src/report/render-plan-text.js";
import { buildTestStack } from "../swarm/test-stack.js";
import { buildPlan } from "./plan-builders.js";

const COMMIT = "9f3c2a1e5b7d4c3a2f1e0d9c8b7a6f5e4d3c2b1a";

describe("a plan of a working tree with uncommitted changes", () => {
  const dirty = buildPlan({ source: { description: "/srv/config", commit: COMMIT, dirty: true } });
  const clean = buildPlan({ source: { description: "/srv/config", commit: COMMIT } });

  it("says so in the header of every rendering", () => {
    expect(renderPlanText(dirty, { color: false }).split("\n")[0]).toBe(`Phoenix plan for production (commit ${COMMIT} + uncommitted changes)`);
    expect(renderPlanText(clean, { color: false }).split("\n")[0]).toBe(`Phoenix plan for production (commit ${COMMIT})`);
    expect(renderPlanMarkdown(dirty)).toContain(`Commit ${COMMIT} + uncommitted changes`);
    expect(renderPlanMarkdown(clean)).not.toContain("uncommitted");
  });

  it("carries source.dirty in the JSON, only when true", () => {
    const json = JSON.parse(renderPlanJson(dirty)) as { source: Record<string, unknown> };
    expect(json.source).toEqual({ description: "/srv/config", commit: COMMIT, dirty: true });
    expect(PlanJsonDocument.safeParse(json).error).toBeUndefined();
    expect((JSON.parse(renderPlanJson(clean)) as { source: Record<string, unknown> }).source).not.toHaveProperty("dirty");
  });
});

describe("the commit a sync records", () => {
  it("is <commit>-dirty for a dirty tree, never the clean commit", () => {
    expect(describeSourceCommit(COMMIT, true)).toBe(`${COMMIT}-dirty`);
    expect(describeSourceCommit(COMMIT, false)).toBe(COMMIT);
    expect(describeSourceCommit(undefined, true)).toBeUndefined();
  });

  it("is stamped on the services the plan changes", () => {
    const spec = buildTestStack("s");
    const desired: DesiredStack = { stack: "s", environment: "production", namespace: "s", spec } as DesiredStack;
    const first = spec.services[0]?.Name ?? "";
    const stamped = stampCommit(desired, [{ kind: "service", name: first, action: "create", fields: [] }], describeSourceCommit(COMMIT, true));
    expect(stamped.spec.services[0]?.Labels?.[COMMIT_LABEL]).toBe(`${COMMIT}-dirty`);
    expect(stamped.spec.services[1]?.Labels?.[COMMIT_LABEL]).toBeUndefined();
  });
});
