import { describe, expect, it } from "vitest";
import { loadCompose } from "../../../src/compose/load-compose.js";
import { formatDiagnostic } from "../../../src/diagnostics.js";

/** Loads one compose file as `stacks/app/docker-compose.yml` and returns the printed diagnostics. */
async function messages(text: string, options: { env?: Record<string, string>; preflight?: boolean } = {}): Promise<string[]> {
  const result = await loadCompose([{ path: "stacks/app/docker-compose.yml", text }], {
    env: options.env ?? {},
    workingDir: "stacks/app",
    readFile: async () => undefined,
    preflight: options.preflight ?? true,
  });
  return result.diagnostics.map(formatDiagnostic);
}

describe("compose preflight: what docker stack deploy only finds mid-deploy", () => {
  it("accepts references that need no declaration: binds, anonymous volumes, tmpfs, the default network, declared objects", async () => {
    const text = [
      'version: "3.8"',
      "services:",
      "  a:",
      "    image: x",
      "    volumes: [./data:/data, /cache, data:/d, {type: tmpfs, target: /t}, {type: volume, source: data, target: /e}]",
      "    secrets: [s]",
      "    configs: [{source: c, target: /c}]",
      "  b:",
      "    image: x",
      "    networks: [default, n]",
      "volumes: {data: {external: true}}",
      "networks: {n: {}}",
      "secrets: {s: {external: true}}",
      "configs: {c: {external: true}}",
      "",
    ].join("\n");
    expect(await messages(text)).toEqual([]);
  });

  it("reports every undeclared secret, config, volume and network, each at its reference", async () => {
    const text = [
      'version: "3.8"',
      "services:",
      "  a:",
      "    image: x",
      "    volumes: [data:/data, {type: volume, source: logs, target: /logs}]",
      "    secrets: [{source: key}]",
      "    configs: [conf]",
      "    networks:",
      "      front: {aliases: [web]}",
      "",
    ].join("\n");
    expect(await messages(text)).toEqual([
      'stacks/app/docker-compose.yml:6:15 error services.a.secrets.0: service a: undefined secret "key"\n  hint: declare "key" under the top-level "secrets" key',
      'stacks/app/docker-compose.yml:7:15 error services.a.configs.0: service a: undefined config "conf"\n  hint: declare "conf" under the top-level "configs" key',
      'stacks/app/docker-compose.yml:5:15 error services.a.volumes.0: service a: undefined volume "data"\n  hint: declare "data" under the top-level "volumes" key',
      'stacks/app/docker-compose.yml:5:27 error services.a.volumes.1: service a: undefined volume "logs"\n  hint: declare "logs" under the top-level "volumes" key',
      'stacks/app/docker-compose.yml:9:7 error services.a.networks.front: service a: undefined network "front"\n  hint: declare "front" under the top-level "networks" key',
    ]);
  });

  it("warns about each bare variable that is unset, not about defaults, required ones or escaped dollars", async () => {
    const text = 'version: "3.8"\nservices:\n  a:\n    image: x\n    command: ["$$HOME", "${A:-1}", "${B-2}", "$C", "${D}", "$SET"]\n';
    expect(await messages(text, { env: { SET: "1" } })).toEqual([
      'stacks/app/docker-compose.yml:5:46 warning services.a.command.3: The "C" variable is not set. Defaulting to a blank string.',
      'stacks/app/docker-compose.yml:5:52 warning services.a.command.4: The "D" variable is not set. Defaulting to a blank string.',
    ]);
  });

  it("keeps docker stack config parity when preflight is off", async () => {
    const text = 'version: "3.8"\nservices:\n  a:\n    image: x\n    environment: [A=$UNSET]\n    volumes: [data:/data]\n';
    expect(await messages(text, { preflight: false })).toEqual([]);
  });
});
