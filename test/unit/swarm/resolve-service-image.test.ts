import { describe, expect, it } from "vitest";
import type { DistributionInfo, ServiceInfo } from "../../../src/engine/engine-objects.js";
import type { ServiceSpec } from "../../../src/engine/engine-service-spec.js";
import { applyResolvedImage, resolveServiceImage } from "../../../src/swarm/resolve-service-image.js";
import { FakeSwarmPort } from "./fake-swarm-port.js";

const DIGEST = "sha256:" + "c".repeat(64);

class RegistryPort extends FakeSwarmPort {
  readonly queried: string[] = [];
  constructor(private readonly reachable: boolean) {
    super();
  }
  override async inspectDistribution(image: string): Promise<never> {
    this.queried.push(image);
    if (!this.reachable) return super.inspectDistribution(image);
    const info: DistributionInfo = { Descriptor: { digest: DIGEST }, Platforms: [{ architecture: "arm", os: "linux" }, { architecture: "amd64", os: "linux" }] };
    return info as never;
  }
}

function spec(image: string): ServiceSpec {
  return { Name: "s_app", Labels: { "com.docker.stack.image": image }, TaskTemplate: { ContainerSpec: { Image: image } } };
}

function live(labelImage: string, image: string): ServiceInfo {
  return { ID: "svc1", Version: { Index: 1 }, Spec: { ...spec(labelImage), TaskTemplate: { ContainerSpec: { Image: image } } } };
}

const pinned = `app:1@sha256:${"e".repeat(64)}`;

describe("resolveServiceImage: the --resolve-image table of docs/stack-deploy.md §5.5", () => {
  it.each([
    ["never", "create", undefined, "app", "app:latest", 0],
    ["never", "update, same image", live("app:1", pinned), "app:1", pinned, 0],
    ["never", "update, image changed", live("app:1", pinned), "app:2", "app:2", 0],
    ["changed", "update, same image", live("app:1", pinned), "app:1", pinned, 0],
    ["changed", "update, image changed", live("app:1", pinned), "app:2", `app:2@${DIGEST}`, 1],
    ["changed", "create", undefined, "app:1", `app:1@${DIGEST}`, 1],
    ["always", "update, same image", live("app:1", pinned), "app:1", `app:1@${DIGEST}`, 1],
  ] as const)("%s, %s", async (mode, _case, existing, image, expected, queries) => {
    const port = new RegistryPort(true);
    const resolved = await resolveServiceImage(port, spec(image), existing, mode);
    expect(resolved.image).toBe(expected);
    expect(port.queried).toHaveLength(queries);
  });

  it("records platforms from the registry, with arm's architecture blanked (docker/swarmkit#2294)", async () => {
    const resolved = await resolveServiceImage(new RegistryPort(true), spec("app:1"), undefined, "always");
    expect(resolved.platforms).toEqual([{ Architecture: "", OS: "linux" }, { Architecture: "amd64", OS: "linux" }]);
    expect(applyResolvedImage(spec("app:1"), resolved).TaskTemplate.Placement?.Platforms).toHaveLength(2);
  });

  it("falls back to the tagged image with the CLI's warning when no registry answers", async () => {
    const port = new RegistryPort(false);
    const resolved = await resolveServiceImage(port, spec("app"), live("app:0", "app:0"), "always");
    expect(resolved).toMatchObject({ image: "app:latest", queried: true });
    expect(resolved.warning).toBe(
      "image app:latest could not be accessed on a registry to record\n" +
        "its digest. Each node will access app:latest independently,\n" +
        "possibly leading to different nodes running different\n" +
        "versions of the image.",
    );
  });
});
