import type Docker from "dockerode";
import type { DialOptions } from "docker-modem";
import { describe, expect, it } from "vitest";
import { createDockerodeSwarmPort } from "../../../src/swarm/dockerode-swarm-port.js";
import type { ServiceSpec } from "../../../src/engine/engine-service-spec.js";

type Reply = { error: { statusCode: number; json: { message: string } } } | { result: unknown };

/** A docker-modem stand-in: records each dial and answers from a queue. */
function fakeDocker(replies: Reply[]): { docker: Docker; dials: DialOptions[] } {
  const dials: DialOptions[] = [];
  const modem = {
    dial(options: DialOptions, callback: (error: unknown, result: unknown) => void) {
      dials.push(structuredClone(options));
      const reply = replies.shift() ?? { result: {} };
      if ("error" in reply) callback(Object.assign(new Error(reply.error.json.message), reply.error), null);
      else callback(null, reply.result);
    },
  };
  return { docker: { modem } as unknown as Docker, dials };
}

const spec: ServiceSpec = { Name: "s_app", TaskTemplate: { ContainerSpec: { Image: "app:1" } } };
const outOfSequence = { error: { statusCode: 500, json: { message: "rpc error: code = Unknown desc = update out of sequence" } } };

describe("createDockerodeSwarmPort", () => {
  it("sends the version as the only query parameter and the spec as the body", async () => {
    const { docker, dials } = fakeDocker([{ result: { Warnings: null } }]);
    await createDockerodeSwarmPort(docker).updateService("svc1", 7, spec, { registryAuth: "e30=" });
    expect(dials[0]).toMatchObject({
      path: "/services/svc1/update?",
      method: "POST",
      options: { _query: { version: 7 }, _body: spec },
      authconfig: { base64: "e30=" },
    });
  });

  it("re-reads the version and re-applies the same spec after `update out of sequence`", async () => {
    const { docker, dials } = fakeDocker([outOfSequence, { result: { Version: { Index: 9 } } }, { result: { Warnings: ["w"] } }]);
    const result = await createDockerodeSwarmPort(docker).updateService("svc1", 7, spec);
    expect(dials.map((d) => `${d.method} ${d.path} ${JSON.stringify(d.options?._query ?? {})}`)).toEqual([
      'POST /services/svc1/update? {"version":7}',
      "GET /services/svc1 {}",
      'POST /services/svc1/update? {"version":9}',
    ]);
    expect(result.warnings).toEqual(["w"]);
  });

  it("gives up after a bounded number of attempts with a typed error", async () => {
    const replies: Reply[] = [outOfSequence, { result: { Version: { Index: 8 } } }, outOfSequence];
    const { docker, dials } = fakeDocker(replies);
    await expect(createDockerodeSwarmPort(docker, { maxUpdateAttempts: 2 }).updateService("svc1", 7, spec)).rejects.toMatchObject({
      code: "SERVICE_UPDATE_FAILED",
      stage: "apply",
      message: "failed to update service s_app: rpc error: code = Unknown desc = update out of sequence",
    });
    expect(dials).toHaveLength(3);
  });

  it("lists a stack's objects with the CLI's label filter and answers undefined for a missing object", async () => {
    const missing = { error: { statusCode: 404, json: { message: "service x not found" } } };
    const { docker, dials } = fakeDocker([{ result: [] }, { result: [] }, { result: [] }, { result: [] }, missing]);
    const port = createDockerodeSwarmPort(docker);
    await port.listStackObjects("s");
    expect(await port.inspectService("x")).toBeUndefined();
    expect(dials[0]?.options?._query).toEqual({ filters: JSON.stringify({ label: { "com.docker.stack.namespace=s": true } }) });
    expect(dials.slice(0, 4).map((d) => d.path)).toEqual(["/services?", "/networks?", "/secrets?", "/configs?"]);
  });

  it("asks for up-to-date tasks of a service with the daemon's internal filter", async () => {
    const { docker, dials } = fakeDocker([{ result: [] }]);
    await createDockerodeSwarmPort(docker).listTasks({ service: "svc1", upToDate: true });
    expect(JSON.parse(String((dials[0]?.options?._query as { filters: string }).filters))).toEqual({
      service: { svc1: true },
      "_up-to-date": { true: true },
    });
  });
});
