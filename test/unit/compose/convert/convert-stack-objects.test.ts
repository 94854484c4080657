import { describe, expect, it } from "vitest";
import { injectStackEnvironment } from "../../../../src/pipeline/inject-stack-environment.js";
import { conversionErrors, convertText } from "./convert-helper.js";

const NS = { "com.docker.stack.namespace": "st" };
const disk = { "/srv/app/token.txt": "s3cret\n", "/srv/app/app.conf": "k=v\n" };

describe("networks (docs/stack-deploy.md §4.1–4.2)", () => {
  it("creates only used networks, the default one for services without networks, and lists external ones", async () => {
    const result = await convertText(
      'version: "3.9"\nservices:\n  a:\n    image: busybox\n    networks: [front, ext]\n  b:\n    image: busybox\nnetworks:\n  front:\n    attachable: true\n    labels: {nl: net}\n  unused: {}\n  ext:\n    external: true\n    name: outside\n',
    );
    expect(result.spec.networks).toEqual([
      { Name: "st_default", Driver: "overlay", Labels: NS, Internal: false, Attachable: false },
      { Name: "st_front", Driver: "overlay", Labels: { nl: "net", ...NS }, Internal: false, Attachable: true },
    ]);
    expect(result.spec.externalNetworks).toEqual(["outside"]);
  });

  it("attaches by name with aliases plus the service name, sorted by target; none for host", async () => {
    const result = await convertText(
      'version: "3.9"\nservices:\n  web:\n    image: busybox\n    networks:\n      front:\n        aliases: [webalias]\n      default:\n      hostnet:\nnetworks:\n  front: {}\n  hostnet:\n    external: true\n    name: host\n',
    );
    expect(result.spec.services[0]?.TaskTemplate.Networks).toEqual([
      { Target: "host" },
      { Target: "st_default", Aliases: ["web"] },
      { Target: "st_front", Aliases: ["webalias", "web"] },
    ]);
  });

  it("sends IPAM only with a driver or subnets", async () => {
    const result = await convertText(
      'version: "3.9"\nservices:\n  a:\n    image: busybox\n    networks: [net1]\nnetworks:\n  net1:\n    ipam:\n      config:\n        - subnet: 10.9.0.0/24\n',
    );
    expect(result.spec.networks[0]?.IPAM).toEqual({ Config: [{ Subnet: "10.9.0.0/24" }] });
  });

  it("still creates an undeclared network, then fails the service", async () => {
    const text = 'version: "3.9"\nservices:\n  a:\n    image: busybox\n    networks: [nope]\n';
    const result = await convertText(text);
    expect(result.spec.networks.map((n) => n.Name)).toEqual(["st_nope"]);
    expect(await conversionErrors(text)).toEqual(['service a: undefined network "nope"']);
  });
});

describe("secrets and configs (§4.3–4.4)", () => {
  const text =
    'version: "3.8"\nservices:\n  a:\n    image: busybox\n    secrets:\n      - token\n      - source: token\n        target: /etc/t2\n        mode: 0400\n    configs:\n      - source: conf\n        target: /etc/app.conf\n        uid: "33"\nsecrets:\n  token:\n    file: ./token.txt\n  unused:\n    file: ./token.txt\n  ext:\n    external: true\nconfigs:\n  conf:\n    file: ./app.conf\n    template_driver: golang\n';

  it("creates every non-external top-level object with base64 data and the namespace label", async () => {
    const { spec } = await convertText(text, { disk });
    expect(spec.secrets).toEqual([
      { Name: "st_token", Labels: NS, Data: Buffer.from("s3cret\n").toString("base64") },
      { Name: "st_unused", Labels: NS, Data: Buffer.from("s3cret\n").toString("base64") },
    ]);
    expect(spec.configs).toEqual([{ Name: "st_conf", Labels: NS, Data: Buffer.from("k=v\n").toString("base64"), Templating: { Name: "golang" } }]);
  });

  it("references by name with the compose key as default target, uid/gid 0 and mode 0444", async () => {
    const container = (await convertText(text, { disk })).spec.services[0]?.TaskTemplate.ContainerSpec;
    expect(container?.Secrets).toEqual([
      { File: { Name: "/etc/t2", UID: "0", GID: "0", Mode: 0o400 }, SecretName: "st_token" },
      { File: { Name: "token", UID: "0", GID: "0", Mode: 0o444 }, SecretName: "st_token" },
    ]);
    expect(container?.Configs).toEqual([{ File: { Name: "/etc/app.conf", UID: "33", GID: "0", Mode: 0o444 }, ConfigName: "st_conf" }]);
  });

  it("refuses undefined objects and duplicate targets", async () => {
    const base = 'version: "3.8"\nservices:\n  a:\n    image: busybox\n    secrets:\n';
    expect(await conversionErrors(`${base}      - nope\n`)).toEqual(['service a: undefined secret "nope"']);
    const duplicate = `${base}      - token\n      - source: other\n        target: token\nsecrets:\n  token:\n    file: ./token.txt\n  other:\n    file: ./token.txt\n`;
    expect(await conversionErrors(duplicate, { disk })).toEqual(["service a: duplicate secret target for st_other not allowed"]);
  });
});

describe("injectStackEnvironment", () => {
  it("adds Traefik labels to the service labels and environment files as mounted configs", async () => {
    const { spec } = await convertText('version: "3.9"\nservices:\n  web:\n    image: busybox\n');
    const env = {
      services: new Map([["web", { traefikLabels: ["traefik.enable=true", "com.docker.stack.namespace=evil"] }]]),
      files: [{ repoPath: "stacks/web/conf/app.yml", source: "conf/app.yml", target: "/etc/app.yml" }],
    };
    const result = injectStackEnvironment(spec, env, new Map([["conf/app.yml", new TextEncoder().encode("a: 1\n")]]));
    expect(result.diagnostics).toEqual([]);
    const service = result.spec.services[0];
    expect(service?.Labels).toEqual({ "traefik.enable": "true", ...NS, "com.docker.stack.image": "busybox" });
    expect(service?.TaskTemplate.ContainerSpec?.Labels).toEqual(NS);
    expect(service?.TaskTemplate.ContainerSpec?.Configs).toEqual([
      { File: { Name: "/etc/app.yml", UID: "0", GID: "0", Mode: 0o444 }, ConfigName: "st_app.yml" },
    ]);
    expect(result.spec.configs).toEqual([{ Name: "st_app.yml", Labels: NS, Data: Buffer.from("a: 1\n").toString("base64") }]);
  });

  it("reports labels for unknown services and unreadable files", async () => {
    const { spec } = await convertText('version: "3.9"\nservices:\n  web:\n    image: busybox\n');
    const env = {
      services: new Map([["api", { traefikLabels: ["traefik.enable=true"] }]]),
      files: [{ repoPath: undefined, source: "missing.yml", target: "/m" }],
    };
    const codes = injectStackEnvironment(spec, env, new Map()).diagnostics.map((d) => d.code);
    expect(codes).toEqual(["STACK_ENV_UNKNOWN_SERVICE", "STACK_ENV_FILE_MISSING"]);
  });
});
