/**
 * A small stack in the shape the compose conversion produces (two services,
 * an overlay network, a secret, a config), for the deploy engine's unit tests
 * (in-memory port) and integration tests (real swarm) alike.
 */
import type { ServiceSpec } from "../../../src/engine/engine-service-spec.js";
import type { StackSpec } from "../../../src/engine/stack-spec.js";

export const TEST_IMAGE = "phoenix-test/busybox:1";

export function base64(text: string): string {
  return Buffer.from(text, "utf8").toString("base64");
}

export interface ServiceOptions {
  readonly image?: string;
  readonly command?: readonly string[];
  readonly env?: readonly string[];
  readonly healthcheck?: NonNullable<ServiceSpec["TaskTemplate"]["ContainerSpec"]>["Healthcheck"];
}

/** A service as `docker stack deploy` would send it (docs/stack-deploy.md §3.10), attached to `<stack>_back`. */
export function buildTestService(stack: string, key: string, options: ServiceOptions = {}): ServiceSpec {
  const image = options.image ?? TEST_IMAGE;
  const namespace = { "com.docker.stack.namespace": stack };
  return {
    Name: `${stack}_${key}`,
    Labels: { "com.docker.stack.image": image, ...namespace },
    TaskTemplate: {
      ContainerSpec: {
        Image: image,
        Labels: namespace,
        Args: [...(options.command ?? ["sleep", "3600"])],
        Env: [...(options.env ?? [`ROLE=${key}`])].sort(),
        Privileges: { CredentialSpec: null, SELinuxContext: null },
        Init: true,
        StopGracePeriod: 1_000_000_000,
        ...(options.healthcheck === undefined ? {} : { Healthcheck: options.healthcheck }),
        Secrets: [{ File: { Name: "token", UID: "0", GID: "0", Mode: 0o444 }, SecretName: `${stack}_token` }],
        Configs: [{ File: { Name: "/etc/app.conf", UID: "0", GID: "0", Mode: 0o444 }, ConfigName: `${stack}_conf` }],
      },
      Resources: {},
      Placement: {},
      Networks: [{ Target: `${stack}_back`, Aliases: [key] }],
      ForceUpdate: 0,
    },
    Mode: { Replicated: { Replicas: 1 } },
    EndpointSpec: {},
  };
}

export function buildTestStack(stack: string, content: { token?: string; conf?: string } = {}): StackSpec {
  const namespace = { "com.docker.stack.namespace": stack };
  return {
    name: stack,
    networks: [{ Name: `${stack}_back`, Driver: "overlay", Labels: namespace }],
    externalNetworks: [],
    secrets: [{ Name: `${stack}_token`, Labels: namespace, Data: base64(content.token ?? "token-1") }],
    configs: [{ Name: `${stack}_conf`, Labels: namespace, Data: base64(content.conf ?? "mode=1\n") }],
    services: [buildTestService(stack, "api"), buildTestService(stack, "worker")],
  };
}

/** Replaces one service of a stack. */
export function withService(stack: StackSpec, service: ServiceSpec): StackSpec {
  return { ...stack, services: stack.services.map((s) => (s.Name === service.Name ? service : s)) };
}

