import { describe, expect, it } from "vitest";
import { substituteTemplate } from "../../../src/compose/interpolation/substitute-template.js";

const env: Record<string, string> = { SET: "value", EMPTY: "", PROJECT: "proj", lower: "low", B: "bee" };
const lookup = (name: string) => (Object.hasOwn(env, name) ? env[name] : undefined);
const sub = (template: string) => substituteTemplate(template, lookup);

describe("substituteTemplate (docker/cli template.Substitute)", () => {
  it.each([
    ["$SET", "value"],
    ["${SET}", "value"],
    ["${SET}-${SET}", "value-value"],
    ["${UNSET}", ""],
    ["$UNSET", ""],
    ["$$", "$"],
    ["$$SET", "$SET"],
    ["a $$ b", "a $ b"],
    ["$lower", "low"],
    ["no variables", "no variables"],
  ])("%s → %s", (template, expected) => {
    expect(sub(template)).toEqual({ value: expected, error: undefined });
  });

  it.each([
    ["${UNSET:-d}", "d"],
    ["${EMPTY:-d}", "d"],
    ["${SET:-d}", "value"],
    ["${UNSET-d}", "d"],
    ["${EMPTY-d}", ""],
    ["${SET-d}", "value"],
    ["${SET:?msg}", "value"],
    ["${SET?msg}", "value"],
    ["${EMPTY?msg}", ""],
  ])("modifier %s → %s", (template, expected) => {
    expect(sub(template).value).toBe(expected);
    expect(sub(template).error).toBeUndefined();
  });

  it("reports a missing required variable with its message", () => {
    expect(sub("${IMG:?image required}").error).toEqual({ template: "required variable IMG is missing a value: image required" });
    expect(sub("${IMG?}").error).toEqual({ template: "required variable IMG is missing a value: " });
  });

  it("treats an empty value as missing only for :?", () => {
    expect(sub("${EMPTY:?must not be empty}").error).toEqual({ template: "required variable EMPTY is missing a value: must not be empty" });
    expect(sub("${EMPTY?}").error).toBeUndefined();
  });

  it("trap 1: a hyphen in a :? message makes it a hard default", () => {
    expect(sub("${REQ:?must-be-set}")).toEqual({ value: "be-set", error: undefined });
    expect(sub("${SET:?must-be-set}")).toEqual({ value: "be-set", error: undefined });
  });

  it("trap 2: the unbraced form swallows a modifier suffix", () => {
    expect(sub("$PROJECT-api").value).toBe("proj");
    expect(sub("$UNSET-api").value).toBe("api");
    expect(sub("$PROJECT:x").value).toBe("proj:x");
    expect(sub("${PROJECT}-api").value).toBe("proj-api");
    expect(sub("$PROJECT:-x}y").value).toBe("proj}y");
  });

  it("does not nest: the default runs to the first }", () => {
    expect(sub("${A:-${B:-z}}").value).toBe("${B:-z}");
    expect(sub("${A:-${B}}").value).toBe("${B}");
  });

  it("tries :- before - (substring search)", () => {
    expect(sub("${A-x:-y}").value).toBe("y");
  });

  it.each(["echo $1", "${}", "${ foo}", "${foo!}", "echo $", "$-x"])("rejects %s quoting the whole template", (template) => {
    expect(sub(template).error).toEqual({ template });
  });

  it("loses an error when a later variable resets the CLI's shared error slot", () => {
    expect(sub("echo $1 $SET")).toEqual({ value: "echo 1 value", error: undefined });
    expect(sub("echo $SET $1").error).toEqual({ template: "echo $SET $1" });
    expect(sub("$$ $1").error).toEqual({ template: "$$ $1" });
  });
});
