/**
 * `phoenix stack ls|ps|services` against a fake Engine API client, compared
 * with the outputs docker/cli's own tests expect for the same data
 * (cli/command/stack/testdata/*.golden at v28.2.2, and 20.10.24's where the
 * versions differ) and with what both CLIs printed on a real swarm.
 */
import { describe, expect, it } from "vitest";
import { runStackLs } from "../../../src/cli/stack/run-stack-ls.js";
import { runStackPs, type StackPsOptions } from "../../../src/cli/stack/run-stack-ps.js";
import { runStackServices, type StackServicesOptions } from "../../../src/cli/stack/run-stack-services.js";
import type { StackContext } from "../../../src/cli/stack/stack-context.js";
import type { DockerClient } from "../../../src/swarm/docker-client.js";
import { createSilentLogger } from "../../../src/logger.js";

const NS = "com.docker.stack.namespace";

interface FakeData {
  readonly services?: object[];
  readonly tasks?: object[];
  readonly serviceNames?: Record<string, string>;
  readonly nodes?: Record<string, object>;
  readonly error?: object;
}

function createFake(data: FakeData) {
  const calls: { method: string; options?: Record<string, unknown> }[] = [];
  const fail = () => (data.error === undefined ? undefined : Promise.reject(data.error));
  const docker = {
    listServices: async (options: Record<string, unknown>) => (calls.push({ method: "listServices", options }), (await fail()) ?? data.services ?? []),
    listTasks: async (options: Record<string, unknown>) => (calls.push({ method: "listTasks", options }), (await fail()) ?? data.tasks ?? []),
    getService: (id: string) => ({ inspect: async () => (data.serviceNames?.[id] === undefined ? Promise.reject(new Error("no such service")) : { Spec: { Name: data.serviceNames[id] } }) }),
    getNode: (id: string) => ({ inspect: async () => data.nodes?.[id] ?? Promise.reject(new Error("no such node")) }),
  };
  let stdout = "";
  let stderr = "";
  const context: StackContext = {
    io: { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), readStdin: async () => "" },
    env: {},
    cwd: "/",
    logger: createSilentLogger(),
    docker: async () => docker as unknown as DockerClient,
    port: () => Promise.reject(new Error("no port")),
  };
  return { context, calls, out: () => ({ stdout, stderr }) };
}

const service = (name: string, id = `id-${name}`, extra: object = {}) => ({
  ID: id,
  Spec: { Name: name, Labels: { [NS]: name }, Mode: { Replicated: { Replicas: 2 } }, TaskTemplate: { ContainerSpec: { Image: "busybox:latest" } } },
  ...extra,
});
const twoHoursAgo = () => new Date(Date.now() - 2 * 3600_000 - 1000).toISOString();
const task = (extra: object = {}) => ({
  ID: "taskID",
  ServiceID: "rl02d5gwz6chzu7il5fhtb8be",
  Slot: 1,
  DesiredState: "ready",
  CreatedAt: "2016-11-01T00:00:00Z",
  Spec: { ContainerSpec: { Image: "myimage:mytag" } },
  Status: { State: "failed", Timestamp: twoHoursAgo() },
  ...extra,
});

describe("phoenix stack ls", () => {
  it("prints NAME and SERVICES (28.2) or with ORCHESTRATOR (20.10), names in natural order", async () => {
    const data = { services: ["service-name-10-foo", "service-name-1-foo", "service-name-2-foo"].map((n) => service(n)) };
    const modern = createFake(data);
    expect(await runStackLs({ json: false, cliVersion: "28.2" }, modern.context)).toBe(0);
    expect(modern.out().stdout).toBe("NAME                  SERVICES\nservice-name-1-foo    1\nservice-name-2-foo    1\nservice-name-10-foo   1\n");
    const old = createFake({ services: [service("service-name-foo")] });
    await runStackLs({ json: false, cliVersion: "20.10" }, old.context);
    expect(old.out().stdout).toBe("NAME               SERVICES   ORCHESTRATOR\nservice-name-foo   1          Swarm\n");
    expect(modern.calls[0]?.options).toEqual({ filters: JSON.stringify({ label: [NS] }) });
  });

  it("--format: a template, {{json .}} per version, and `json` only from 23.0 on", async () => {
    const data = { services: [service("service-name-foo")] };
    const cases: [string, "20.10" | "28.2", string][] = [
      ["{{ .Name }}", "28.2", "service-name-foo\n"],
      ["{{json .}}", "28.2", '{"Name":"service-name-foo","Services":"1"}\n'],
      ["{{json .}}", "20.10", '{"Name":"service-name-foo","Namespace":"","Orchestrator":"Swarm","Services":"1"}\n'],
      ["json", "28.2", '{"Name":"service-name-foo","Services":"1"}\n'],
      ["json", "20.10", "json\n"],
      ["table {{.Name}}", "28.2", "NAME\nservice-name-foo\n"],
      ["table", "28.2", "NAME               SERVICES\nservice-name-foo   1\n"],
    ];
    for (const [format, cliVersion, expected] of cases) {
      const fake = createFake(data);
      await runStackLs({ json: false, format, cliVersion }, fake.context);
      expect(fake.out().stdout, `${format} (${cliVersion})`).toBe(expected);
    }
  });

  it("a bad template prints the CLI's error and no rows", async () => {
    const fake = createFake({ services: [service("web")] });
    expect(await runStackLs({ json: false, format: "{{.Foo}}", cliVersion: "28.2" }, fake.context)).toBe(1);
    expect(fake.out()).toEqual({ stdout: "", stderr: 'template parsing error: template: :1:2: executing "" at <.Foo>: can\'t evaluate field Foo in type *formatter.stackContext\n' });
  });
});

describe("phoenix stack ps", () => {
  const base: StackPsOptions = { json: false, noTrunc: false, cliVersion: "28.2" };

  it("prints the default table as stack-ps-without-format.golden", async () => {
    const fake = createFake({
      tasks: [task({ ID: "id-foo", ServiceID: "service-id-foo", NodeID: "id-node" })],
      nodes: { "id-node": { Spec: { Name: "node-name-bar" } } },
    });
    expect(await runStackPs("foo", base, fake.context)).toBe(0);
    expect(fake.out().stdout).toBe(
      "ID        NAME               IMAGE           NODE            DESIRED STATE   CURRENT STATE        ERROR     PORTS\n" +
        "id-foo    service-id-foo.1   myimage:mytag   node-name-bar   Ready           Failed 2 hours ago             \n",
    );
  });

  it("-q, --no-trunc, --no-resolve and --format as docker/cli's goldens", async () => {
    const quiet = createFake({ tasks: [task({ ID: "id-foo" })] });
    await runStackPs("foo", { ...base, quiet: true }, quiet.context);
    expect(quiet.out().stdout).toBe("id-foo\n");
    const noTrunc = createFake({ tasks: [task({ ID: "xn4cypcov06f2w8gsbaf2lst3" })] });
    await runStackPs("foo", { ...base, noTrunc: true, format: "{{ .ID }}" }, noTrunc.context);
    expect(noTrunc.out().stdout).toBe("xn4cypcov06f2w8gsbaf2lst3\n");
    const truncated = createFake({ tasks: [task({ ID: "xn4cypcov06f2w8gsbaf2lst3" })] });
    await runStackPs("foo", { ...base, format: "{{ .ID }}" }, truncated.context);
    expect(truncated.out().stdout).toBe("xn4cypcov06f\n");
    const noResolve = createFake({ tasks: [task({ NodeID: "id-node-foo" })], nodes: { "id-node-foo": { Spec: { Name: "node-name-bar" } } } });
    await runStackPs("foo", { ...base, noResolve: true, format: "{{ .Node }}" }, noResolve.context);
    expect(noResolve.out().stdout).toBe("id-node-foo\n");
    const named = createFake({ tasks: [task({ ServiceID: "service-id-foo" })] });
    await runStackPs("foo", { ...base, format: "{{ .Name }}" }, named.context);
    expect(named.out().stdout).toBe("service-id-foo.1\n");
  });

  it("passes --filter to the daemon with the stack's label, sorts naturally, indents older tasks of a slot, cuts errors at 30 columns", async () => {
    const fake = createFake({
      serviceNames: { s1: "app_web" },
      tasks: [
        task({ ID: "old", ServiceID: "s1", Slot: 1, CreatedAt: "2024-01-01T00:00:00Z", Status: { State: "failed", Err: "task: non-zero exit (255) and then some more", Timestamp: twoHoursAgo() } }),
        task({ ID: "new", ServiceID: "s1", Slot: 1, CreatedAt: "2024-01-02T00:00:00Z" }),
        task({ ID: "ten", ServiceID: "s1", Slot: 10 }),
        task({ ID: "two", ServiceID: "s1", Slot: 2 }),
      ],
    });
    await runStackPs("app", { ...base, filters: { "desired-state": ["running"] }, format: "table {{.ID}}\t{{.Name}}\t{{.Error}}" }, fake.context);
    expect(fake.calls[0]?.options).toEqual({ filters: JSON.stringify({ "desired-state": ["running"], label: [`${NS}=app`] }) });
    expect(fake.out().stdout).toBe(
      "ID        NAME            ERROR\nnew       app_web.1       \nold        \\_ app_web.1   \"task: non-zero exit (255) and…\"\ntwo       app_web.2       \nten       app_web.10      \n",
    );
  });

  it("an empty result is `nothing found in stack`, exit 1; a daemon refusal is printed as the CLI prints it", async () => {
    const empty = createFake({ tasks: [] });
    expect(await runStackPs("foo", base, empty.context)).toBe(1);
    expect(empty.out().stderr).toBe("nothing found in stack: foo\n");
    const refused = createFake({ error: { statusCode: 400, json: { message: "Invalid filter 'foo'" } } });
    expect(await runStackPs("foo", { ...base, filters: { foo: ["bar"] } }, refused.context)).toBe(1);
    expect(refused.out().stderr).toBe("Error response from daemon: Invalid filter 'foo'\n");
  });
});

describe("phoenix stack services", () => {
  const base: StackServicesOptions = { json: false, quiet: false, cliVersion: "28.2" };
  const listed = service("name-foo", "id-foo", {
    Endpoint: { Ports: [{ PublishMode: "ingress", PublishedPort: 30000, TargetPort: 3232, Protocol: "tcp" }] },
    ServiceStatus: { RunningTasks: 0, DesiredTasks: 2 },
  });

  it("prints the default table as stack-services-without-format.golden, with the daemon's task counts", async () => {
    const fake = createFake({ services: [listed] });
    expect(await runStackServices("foo", base, fake.context)).toBe(0);
    expect(fake.out().stdout).toBe("ID        NAME       MODE         REPLICAS   IMAGE            PORTS\nid-foo    name-foo   replicated   0/2        busybox:latest   *:30000->3232/tcp\n");
    expect(fake.calls[0]?.options).toEqual({ filters: JSON.stringify({ label: [`${NS}=foo`] }), status: true });
  });

  it("-q prints IDs without asking for task counts; --format and --filter as the CLI", async () => {
    const quiet = createFake({ services: [listed] });
    await runStackServices("foo", { ...base, quiet: true, filters: { mode: ["replicated"] } }, quiet.context);
    expect(quiet.out().stdout).toBe("id-foo\n");
    expect(quiet.calls[0]?.options).toEqual({ filters: JSON.stringify({ mode: ["replicated"], label: [`${NS}=foo`] }) });
    const formatted = createFake({ services: [listed] });
    await runStackServices("foo", { ...base, format: "{{ .Name }}" }, formatted.context);
    expect(formatted.out().stdout).toBe("name-foo\n");
    const json = createFake({ services: [listed] });
    await runStackServices("foo", { ...base, format: "{{json .}}" }, json.context);
    expect(json.out().stdout).toBe('{"ID":"id-foo","Image":"busybox:latest","Mode":"replicated","Name":"name-foo","Ports":"*:30000-\\u003e3232/tcp","Replicas":"0/2"}\n');
  });

  it("groups consecutive ingress ports into ranges and skips host-mode ports, as serviceContext.Ports", async () => {
    const ports = [80, 81, 82].map((p, i) => ({ PublishMode: "ingress", PublishedPort: p, TargetPort: [80, 81, 80][i], Protocol: "tcp" }));
    const fake = createFake({ services: [service("web", "w", { Endpoint: { Ports: [...ports, { PublishMode: "host", PublishedPort: 9000, TargetPort: 9000, Protocol: "tcp" }] } })] });
    await runStackServices("web", { ...base, format: "{{.Ports}}" }, fake.context);
    expect(fake.out().stdout).toBe("*:80-81->80-81/tcp, *:82->80/tcp\n");
  });

  it("an empty stack is a message on stderr and exit 0", async () => {
    const fake = createFake({ services: [] });
    expect(await runStackServices("foo", base, fake.context)).toBe(0);
    expect(fake.out()).toEqual({ stdout: "", stderr: "Nothing found in stack: foo\n" });
  });
});
