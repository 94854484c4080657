/**
 * The argument and flag errors of `phoenix stack`, worded as docker 20.10.24
 * and 28.2.2 word them (their outputs on this machine, `docker` replaced by
 * `phoenix`), and the `--cli-version` default read from the docker client.
 */
import { describe, expect, it } from "vitest";
import { parseDetach } from "../../../src/cli/commands/stack.js";
import { detectCliVersion, mapDockerVersion } from "../../../src/cli/stack/detect-cli-version.js";
import { translateCommanderError } from "../../../src/cli/stack/handle-flag-error.js";
import { parseFilterFlags } from "../../../src/cli/stack/parse-filter-flags.js";
import { checkArgumentCount, checkStackName, formatFlagError } from "../../../src/cli/stack/usage-errors.js";

const deploy = { name: "deploy", use: "[OPTIONS] STACK", short: "Deploy a new stack or update an existing stack" };
const rm = { name: "rm", use: "[OPTIONS] STACK [STACK...]", short: "Remove one or more stacks" };
const ls = { name: "ls", use: "[OPTIONS]", short: "List stacks" };
const ps = { name: "ps", use: "[OPTIONS] STACK", short: "List the tasks in the stack" };

describe("argument count errors", () => {
  it("a missing stack name: 20.10 and 28.2 wording", () => {
    expect(checkArgumentCount(deploy, { kind: "exact", count: 1 }, 0, "20.10")).toBe(
      '"phoenix stack deploy" requires exactly 1 argument.\nSee \'phoenix stack deploy --help\'.\n\nUsage:  phoenix stack deploy [OPTIONS] STACK\n\nDeploy a new stack or update an existing stack\n',
    );
    expect(checkArgumentCount(deploy, { kind: "exact", count: 1 }, 2, "28.2")).toBe(
      "phoenix: 'phoenix stack deploy' requires 1 argument\n\nUsage:  phoenix stack deploy [OPTIONS] STACK\n\nRun 'phoenix stack deploy --help' for more information\n",
    );
    expect(checkArgumentCount(deploy, { kind: "exact", count: 1 }, 1, "28.2")).toBeUndefined();
  });

  it("rm needs at least one, ls takes none", () => {
    expect(checkArgumentCount(rm, { kind: "min", count: 1 }, 0, "20.10")).toBe(
      '"phoenix stack rm" requires at least 1 argument.\nSee \'phoenix stack rm --help\'.\n\nUsage:  phoenix stack rm [OPTIONS] STACK [STACK...]\n\nRemove one or more stacks\n',
    );
    expect(checkArgumentCount(rm, { kind: "min", count: 1 }, 0, "28.2")).toBe(
      "phoenix: 'phoenix stack rm' requires at least 1 argument\n\nUsage:  phoenix stack rm [OPTIONS] STACK [STACK...]\n\nSee 'phoenix stack rm --help' for more information\n",
    );
    expect(checkArgumentCount(rm, { kind: "min", count: 1 }, 3, "28.2")).toBeUndefined();
    expect(checkArgumentCount(ls, { kind: "none" }, 1, "20.10")).toBe(
      '"phoenix stack ls" accepts no arguments.\nSee \'phoenix stack ls --help\'.\n\nUsage:  phoenix stack ls [OPTIONS]\n\nList stacks\n',
    );
    expect(checkArgumentCount(ls, { kind: "none" }, 1, "28.2")).toBe(
      "phoenix: 'phoenix stack ls' accepts no arguments\n\nUsage:  phoenix stack ls [OPTIONS]\n\nRun 'phoenix stack ls --help' for more information\n",
    );
  });

  it("a blank stack name is refused as docker/cli validateStackName refuses it", () => {
    expect(checkStackName("'   '")).toBe(`invalid stack name: "'   '"`);
    expect(checkStackName(' "" ')).toBe(`invalid stack name: " \\"\\" "`);
    expect(checkStackName("app")).toBeUndefined();
  });
});

describe("flag errors", () => {
  it("--filter without `=` is pflag's invalid-argument error, with each version's hint lines", () => {
    const parsed = parseFilterFlags(["foo"]);
    expect(parsed).toEqual({ ok: false, error: 'invalid argument "foo" for "-f, --filter" flag: bad format of filter (expected name=value)' });
    const message = parsed.ok ? "" : parsed.error;
    expect(formatFlagError(ps, message, "20.10")).toBe(`${message}\nSee 'phoenix stack ps --help'.\n`);
    expect(formatFlagError(ps, message, "28.2")).toBe(`${message}\n\nUsage:  phoenix stack ps [OPTIONS] STACK\n\nRun 'phoenix stack ps --help' for more information\n`);
  });

  it("--filter keys are lower-cased and trimmed, values trimmed, empty values ignored (opts.FilterOpt)", () => {
    expect(parseFilterFlags([" Desired-State = running ", "", "label=a=b", "label=c"])).toEqual({
      ok: true,
      filters: { "desired-state": ["running"], label: ["a=b", "c"] },
    });
  });

  it("commander's messages in pflag's words", () => {
    expect(translateCommanderError("commander.unknownOption", "error: unknown option '--bogus'")).toBe("unknown flag: --bogus");
    expect(translateCommanderError("commander.unknownOption", "error: unknown option '-x'")).toBe("unknown shorthand flag: 'x' in -x");
    expect(translateCommanderError("commander.optionMissingArgument", "error: option '--format <string>' argument missing")).toBe("flag needs an argument: --format");
    expect(translateCommanderError("commander.optionMissingArgument", "error: option '-f, --filter <filter>' argument missing")).toBe("flag needs an argument: --filter");
  });

  it("-d/--detach as Go's ParseBool reads it; a bare -d before the stack name leaves the name alone", () => {
    expect(parseDetach("false", ["app"])).toEqual({ detach: false, args: ["app"] });
    expect(parseDetach(true, ["app"])).toEqual({ detach: true, args: ["app"] });
    expect(parseDetach("app", [])).toEqual({ detach: true, args: ["app"] });
    expect(parseDetach(undefined, ["app"])).toEqual({ detach: undefined, args: ["app"] });
    expect(parseDetach("maybe", ["app"]).error).toBe('invalid argument "maybe" for "-d, --detach" flag: strconv.ParseBool: parsing "maybe": invalid syntax');
  });
});

describe("--cli-version default", () => {
  it("maps the docker client's version: before 23 → 20.10, 23 and later → 28.2, none → 20.10", async () => {
    expect(mapDockerVersion("Docker version 20.10.24+dfsg1, build 297e128")).toBe("20.10");
    expect(mapDockerVersion("Docker version 28.2.2, build e6534b4")).toBe("28.2");
    expect(mapDockerVersion("Docker version 23.0.0, build e92dd87")).toBe("28.2");
    expect(mapDockerVersion("Docker version 19.03.15, build 99e3ed8")).toBe("20.10");
    expect(mapDockerVersion("command not found")).toBeUndefined();
    expect(await detectCliVersion(async () => "Docker version 27.5.1, build 9f9e405")).toBe("28.2");
    expect(await detectCliVersion(async () => undefined)).toBe("20.10");
    expect(await detectCliVersion(async () => "garbage")).toBe("20.10");
  });
});
