import { describe, expect, it } from "vitest";
import { renderTraefikConfig } from "../../../src/infra/traefik/render-traefik-config.js";
import { validateTraefikConfig } from "../../../src/infra/traefik/validate-traefik-config.js";
import { buildDesiredState, buildReferenceLikeState } from "./desired-state-fixture.js";

const content = (state: Parameters<typeof renderTraefikConfig>[0], options?: Parameters<typeof renderTraefikConfig>[1]) =>
  renderTraefikConfig(state, options).files[0]?.content ?? "";

describe("renderTraefikConfig", () => {
  it("renders routers (VM services first, as the bash did), services and the internal-CA transport in the bash layout", () => {
    const state = buildDesiredState({
      domain: "lab.test",
      guests: [
        { id: "102", name: "Proxy", cidr: "10.9.0.3/24", features: ["traefik"] },
        { id: "801", name: "Model", cidr: "10.9.0.5/24", service: { name: "llm", port: 8000 } },
        { kind: "vm", id: "1001", name: "Portainer", cidr: "10.9.0.6/24", service: { name: "portainer", port: 9443, scheme: "https" } },
      ],
    });
    expect(content(state)).toBe(
      [
        "http:",
        "  routers:",
        "    portainer-router:",
        '      rule: "Host(`portainer.lab.test`)"',
        '      service: "portainer-service"',
        "      entryPoints:",
        "        - web",
        "    llm-router:",
        '      rule: "Host(`llm.lab.test`)"',
        '      service: "llm-service"',
        "      entryPoints:",
        "        - web",
        "    traefik-dashboard-router:",
        '      rule: "Host(`traefik.lab.test`)"',
        '      service: "api@internal"',
        "      entryPoints:",
        "        - web",
        "",
        "  services:",
        "    portainer-service:",
        "      loadBalancer:",
        "        servers:",
        '          - url: "https://10.9.0.6:9443"',
        "        passHostHeader: true",
        '        serversTransport: "internal-ca@file"',
        "    llm-service:",
        "      loadBalancer:",
        "        servers:",
        '          - url: "http://10.9.0.5:8000"',
        "        passHostHeader: true",
        "",
        "  serversTransports:",
        "    internal-ca:",
        "      insecureSkipVerify: false",
        "      rootCAs:",
        "        - /etc/step-ca/ssl/phoenix_root_ca.crt",
        "",
      ].join("\n"),
    );
  });

  it("leaves stack routes to the swarm provider, skips the gateway's own route and sends the CA over https", () => {
    const out = renderTraefikConfig(buildReferenceLikeState());
    const text = out.files[0]?.content ?? "";
    expect(text).not.toContain("qdrant");
    expect(text).not.toContain("nginx-router");
    expect(text).toContain('- url: "https://10.0.0.10:9000"');
    expect(out.warnings.map((w) => w.code)).toEqual(["TRAEFIK_GATEWAY_ROUTE_SKIPPED"]);
    expect(validateTraefikConfig(text)).toEqual([]);
  });

  it("uses the entry points and root CA path it is given", () => {
    const text = content(buildReferenceLikeState(), { entryPoints: ["mesh", "web secure"], rootCaPath: "/certs/root ca.pem" });
    expect(text).toContain("        - mesh\n        - \"web secure\"\n");
    expect(text).toContain('        - "/certs/root ca.pem"\n');
  });

  it("renders a valid file when there is nothing to route", () => {
    const text = content(buildDesiredState({ guests: [] }));
    expect(text.startsWith("http:\n  routers: {}\n\n  serversTransports:")).toBe(true);
    expect(validateTraefikConfig(text)).toEqual([]);
  });
});

describe("validateTraefikConfig", () => {
  const valid = content(buildReferenceLikeState());

  it("rejects duplicate keys, unknown keys, dangling references and bad URLs", () => {
    expect(validateTraefikConfig(valid + "http:\n  routers: {}\n")[0]).toMatch(/^YAML: .*unique/i);
    expect(validateTraefikConfig(valid.replace("passHostHeader: true", "passHostHeader: true\n        sticky: true"))[0]).toContain("sticky");
    expect(validateTraefikConfig(valid.replace('service: "ca-service"', 'service: "nope-service"'))).toEqual([
      'http.routers.ca-router.service: unknown service "nope-service"',
    ]);
    expect(validateTraefikConfig(valid.replace('"internal-ca@file"', '"other@file"'))[0]).toContain('unknown serversTransport "other@file"');
    expect(validateTraefikConfig(valid.replace("http://10.0.0.141:8000", "tcp://10.0.0.141:8000")).length).toBeGreaterThan(0);
    expect(validateTraefikConfig(valid.replace("Host(`ca.internal.example.test`)", "PathPrefix(`/`)"))[0]).toContain("Host(`name`)");
    expect(validateTraefikConfig(valid.replace("insecureSkipVerify: false", "insecureSkipVerify: true")).length).toBeGreaterThan(0);
  });
});

describe("renderTraefikConfig with a host claimed twice", () => {
  it("warns when a guest route and a stack's labels route the same host", () => {
    const state = buildReferenceLikeState({
      stacks: [{ name: "portainer_service", routes: [{ service: "portainer", hosts: ["portainer.internal.example.test"], port: 9000 }] }],
    });
    const out = renderTraefikConfig(state);
    expect(out.warnings.map((w) => w.code)).toEqual(["TRAEFIK_HOST_ROUTED_TWICE", "TRAEFIK_GATEWAY_ROUTE_SKIPPED"]);
    expect(out.warnings[0]?.message).toContain("stack portainer_service");
  });
});

describe("renderTraefikConfig TLS certificates", () => {
  it("lists the manifest certificates the proxy container can read, through its mounts", () => {
    const base = buildReferenceLikeState();
    const state = buildDesiredState({
      guests: [
        {
          id: "102",
          name: "Traefik-Internal",
          cidr: "10.0.0.12/24",
          features: ["traefik"],
          config: { mount_points: [{ host_path: "/mnt/pve/quickOS/lxc-persistent-data/102/certs/", container_path: "/etc/traefik/certs" }] },
        },
      ],
      certificates: [
        ...(base.certificates as unknown as Record<string, unknown>[]),
        {
          common_name: "traefik.internal.example.test",
          cert_path: "/mnt/pve/quickOS/lxc-persistent-data/102/certs/traefik.crt",
          key_path: "/mnt/pve/quickOS/lxc-persistent-data/102/certs/traefik.key",
        },
      ],
    });
    const text = content(state);
    expect(text.endsWith("\ntls:\n  certificates:\n    - certFile: /etc/traefik/certs/traefik.crt\n      keyFile: /etc/traefik/certs/traefik.key\n")).toBe(true);
    expect(validateTraefikConfig(text)).toEqual([]);
    expect(validateTraefikConfig(text.replace("keyFile: /etc", "keyFile: etc"))[0]).toContain("tls.certificates.0.keyFile");
  });
});

describe("renderTraefikConfig router names", () => {
  it("skips a guest service named like the dashboard instead of letting one router replace the other", () => {
    const state = buildDesiredState({
      guests: [
        { id: "102", name: "Proxy", cidr: "10.9.0.3/24", features: ["traefik"] },
        { id: "801", name: "Model", cidr: "10.9.0.5/24", service: { name: "traefik-dashboard", port: 8000 } },
      ],
    });
    const out = renderTraefikConfig(state);
    expect(out.warnings.map((w) => w.code)).toEqual(["TRAEFIK_DUPLICATE_ROUTE"]);
    expect(content(state)).toContain('    traefik-dashboard-router:\n      rule: "Host(`traefik.internal.example.test`)"\n      service: "api@internal"\n');
    expect(validateTraefikConfig(content(state))).toEqual([]);
  });
});
