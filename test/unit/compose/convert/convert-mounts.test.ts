import { describe, expect, it } from "vitest";
import { containerOf, conversionErrors, convertText } from "./convert-helper.js";

const file = (service: string, top = "") =>
  `version: "3.9"\nservices:\n  a:\n    image: busybox\n${service
    .split("\n")
    .map((l) => `    ${l}`)
    .join("\n")}\n${top}`;

describe("Mounts (docs/stack-deploy.md §3.4)", () => {
  it("keeps anonymous volumes without source or options", async () => {
    expect((await containerOf("volumes:\n  - /anon")).Mounts).toEqual([{ Type: "volume", Target: "/anon" }]);
  });

  it("scopes named volumes and labels them, with DriverConfig only when a driver or options are declared", async () => {
    const text = file("volumes:\n  - data:/data\n  - plain:/plain:nocopy", "volumes:\n  data:\n    driver_opts:\n      type: tmpfs\n    labels:\n      v: vol\n  plain:\n");
    const mounts = (await convertText(text)).spec.services[0]?.TaskTemplate.ContainerSpec?.Mounts;
    expect(mounts).toEqual([
      {
        Type: "volume",
        Source: "st_data",
        Target: "/data",
        VolumeOptions: { Labels: { v: "vol", "com.docker.stack.namespace": "st" }, DriverConfig: { Options: { type: "tmpfs" } } },
      },
      { Type: "volume", Source: "st_plain", Target: "/plain", VolumeOptions: { NoCopy: true, Labels: { "com.docker.stack.namespace": "st" } } },
    ]);
  });

  it("uses explicit and external names; external volumes get an empty VolumeOptions", async () => {
    const text = file("volumes:\n  - named:/n\n  - ext:/e", "volumes:\n  named:\n    name: exact\n  ext:\n    external: true\n    name: outside\n");
    const mounts = (await convertText(text)).spec.services[0]?.TaskTemplate.ContainerSpec?.Mounts;
    expect(mounts?.[0]).toMatchObject({ Source: "exact" });
    expect(mounts?.[1]).toEqual({ Type: "volume", Source: "outside", Target: "/e", VolumeOptions: {} });
  });

  it("refuses undefined named volumes", async () => {
    expect(await conversionErrors(file("volumes:\n  - data:/data"))).toEqual(['service a: undefined volume "data"']);
  });

  it("converts binds with ReadOnly and propagation, and long-syntax consistency", async () => {
    const container = await containerOf(
      "volumes:\n  - /src:/dst:ro,rslave\n  - type: bind\n    source: /s2\n    target: /d2\n    consistency: cached",
    );
    expect(container.Mounts).toEqual([
      { Type: "bind", Source: "/src", Target: "/dst", ReadOnly: true, BindOptions: { Propagation: "rslave" } },
      { Type: "bind", Source: "/s2", Target: "/d2", Consistency: "cached" },
    ]);
  });

  it("converts tmpfs with its size", async () => {
    const container = await containerOf("volumes:\n  - type: tmpfs\n    target: /t\n    tmpfs:\n      size: 1048576");
    expect(container.Mounts).toEqual([{ Type: "tmpfs", Target: "/t", TmpfsOptions: { SizeBytes: 1048576 } }]);
  });

  it("refuses options of another mount kind and sources on tmpfs", async () => {
    expect(await conversionErrors(file("volumes:\n  - type: bind\n    source: /s\n    target: /t\n    volume:\n      nocopy: true"))).toEqual([
      "service a: volume options are incompatible with type bind",
    ]);
    expect(await conversionErrors(file("volumes:\n  - type: tmpfs\n    source: /s\n    target: /t"))).toEqual([
      "service a: invalid tmpfs source, source must be empty",
    ]);
  });
});
