import { describe, expect, it } from "vitest";
import { isKnownConstraintKey, parsePlacementConstraint } from "../../../src/plan/preflight/check-placement-constraints.js";

/** swarmkit manager/constraint/constraint.go `Parse`, case by case. */
describe("parsePlacementConstraint", () => {
  it.each([
    ["node.role==manager", { key: "node.role", operator: "==", value: "manager" }],
    ["node.role == manager", { key: "node.role", operator: "==", value: "manager" }],
    ["node.labels.disk!=ssd", { key: "node.labels.disk", operator: "!=", value: "ssd" }],
    ["engine.labels.os==Linux", { key: "engine.labels.os", operator: "==", value: "Linux" }],
    ["node.ip==10.0.0.0/24", { key: "node.ip", operator: "==", value: "10.0.0.0/24" }],
    // `==` is tried first, so `!=` after it belongs to the value, where `!` and `=` are not allowed.
    ["node.hostname==a b", { key: "node.hostname", operator: "==", value: "a b" }],
    ["node.labels.x==^a.*(b|c)?$", { key: "node.labels.x", operator: "==", value: "^a.*(b|c)?$" }],
  ])("accepts %s", (expression, parsed) => {
    expect(parsePlacementConstraint(expression)).toEqual(parsed);
  });

  it.each([
    ["node.role=manager", "constraint expected one operator from ==, !="],
    ["node.role", "constraint expected one operator from ==, !="],
    ["node.role>manager", "constraint expected one operator from ==, !="],
    ["==manager", "key '' is invalid"],
    ["1node==x", "key '1node' is invalid"],
    ["n==x", "key 'n' is invalid"],
    ["node role==manager", "key 'node role' is invalid"],
    ["node.role==", "value '' is invalid"],
    ["node.role==a!=b", "value 'a!=b' is invalid"],
    ["node.role==man@ger", "value 'man@ger' is invalid"],
    ["node.labels.x==a\u00a0b", "value 'a\u00a0b' is invalid"],
  ])("refuses %s as the daemon does", (expression, error) => {
    expect(parsePlacementConstraint(expression)).toEqual({ error });
  });
});

describe("isKnownConstraintKey", () => {
  it("knows swarmkit's node keys in any case and label keys with a name", () => {
    for (const key of ["node.id", "NODE.HOSTNAME", "node.ip", "node.role", "node.platform.os", "node.platform.arch", "node.labels.a", "Engine.Labels.b"])
      expect(isKnownConstraintKey(key), key).toBe(true);
    for (const key of ["node.labels.", "node.name", "node.platform", "engine.label.x", "labels.x"]) expect(isKnownConstraintKey(key), key).toBe(false);
  });
});
