import { describe, expect, it } from "vitest";
import { findRouterPort, parseHostNames, parseTraefikLabels } from "../../../src/config/parse-traefik-labels.js";
import { checkTraefikLabel } from "../../../src/config/schemas/traefik-label.js";
import { checkTraefikRule, parseTraefikRule } from "../../../src/config/schemas/traefik-rule.js";

describe("Traefik labels", () => {
  it("collects every Host name of a rule, in order", () => {
    expect(parseHostNames("Host(`a.test`, `b.test`) || (Host(\"c.test\") && PathPrefix(`/x`)) || HostRegexp(`{x:.+}`)")).toEqual(["a.test", "b.test", "c.test"]);
  });

  it("reads routers, their services and the service ports, case-insensitively", () => {
    const parsed = parseTraefikLabels([
      "traefik.enable=true",
      "traefik.http.routers.api.rule=Host(`api.test`)",
      "traefik.http.routers.api.service=backend",
      "traefik.http.services.backend.loadBalancer.server.port=8080",
      "traefik.http.routers.docs.rule=Host(`docs.test`)",
      "traefik.http.services.docs.loadbalancer.server.port=3000",
      "not-a-label",
    ]);
    expect(parsed.routers).toEqual([
      { router: "api", hosts: ["api.test"], service: "backend", labelIndex: 1 },
      { router: "docs", hosts: ["docs.test"], service: undefined, labelIndex: 4 },
    ]);
    const [api, docs] = parsed.routers;
    expect(api && findRouterPort(api, parsed.ports)).toEqual({ value: "8080", labelIndex: 3 });
    // Two services and no `.service` label: Traefik cannot pick one, neither do we.
    expect(docs && findRouterPort(docs, parsed.ports)).toBeUndefined();
  });

  it("uses the only service when the router names none", () => {
    const parsed = parseTraefikLabels(["traefik.http.routers.web.rule=Host(`w.test`)", "traefik.http.services.x.loadbalancer.server.port=81"]);
    const [web] = parsed.routers;
    expect(web && findRouterPort(web, parsed.ports)?.value).toBe("81");
  });
});

describe("Traefik label formats", () => {
  it("accepts the labels of the example and reference configs and common Traefik forms", () => {
    for (const label of [
      "traefik.enable=true",
      "traefik.http.routers.qdrant.rule=Host(`qdrant.internal.thinkheads.ai`)",
      "traefik.http.routers.qdrant.entrypoints=websecure",
      "traefik.http.routers.qdrant.tls=true",
      "traefik.http.routers.qdrant.tls.certresolver=internal-resolver",
      "traefik.http.services.portainer.loadbalancer.server.port=9000",
      "traefik.http.services.portainer.loadbalancer.server.scheme=http",
      "traefik.http.routers.api.rule=(Host(`a.test`) || Host(\"b.test\")) && !PathPrefix(`/admin`) && Method(`GET`, `POST`)",
      "traefik.http.routers.api.entrypoints=web, websecure",
      "traefik.http.routers.api.middlewares=auth@file,strip",
      "traefik.http.routers.api.service=api@swarm",
      "traefik.http.services.api.loadbalancer.server.url=http://10.0.0.5:8080/base?x=1",
      "traefik.http.middlewares.auth.basicauth.users=admin:$$apr1$$H6uskkkW$$IgXLP6ewTrSuBkTrqE8wj/",
      "traefik.http.middlewares.hdr.headers.customrequestheaders.X-Script-Name=/app; charset=\"utf-8\" # kept",
      "traefik.tcp.routers.db.rule=HostSNI(`*`)",
      "traefik.http.routers.re.rule=HostRegexp(`{sub:[a-z]+}.example.com`) || PathRegexp(`^/v[0-9]+/`)",
    ])
      expect([label, checkTraefikLabel(label)]).toEqual([label, undefined]);
  });

  it("refuses a label that is not one line, or a rule that is not one Traefik expression", () => {
    const refused = (label: string) => checkTraefikLabel(label) ?? "accepted";
    expect(refused("traefik.http.routers.a.rule=Host(`a.test`)\ntraefik.http.routers.b.rule=PathPrefix(`/`)")).toMatch(/^must be a label key=value on one line/);
    for (const separator of ["\r", "\u0000", "\u0085", "\u2028", "\u2029", "\t"]) expect(refused(`traefik.enable=tr${separator}ue`)).toMatch(/on one line/);
    expect(refused("bad key=v")).toMatch(/on one line/);
    expect(refused(`traefik.x=${"a".repeat(4097)}`)).toMatch(/at most 4096/);
    expect(refused("traefik.http.routers.a.rule=Host(`a.test`) PathPrefix(`/`)")).toBe(
      'must be one Traefik rule such as Host(`app.example.com`) && PathPrefix(`/api`): unexpected "PathPrefix" at column 16',
    );
    expect(refused("traefik.http.routers.a.rule=Host(`a.test`);")).toContain('unexpected ";" at column 15');
    expect(refused("traefik.http.routers.a.rule=Host(`a.test`")).toContain('it ends where ")" is expected');
    expect(refused("traefik.http.routers.a.rule=Host(`a.test)")).toContain("the string at column 6 is not closed");
    expect(refused("traefik.http.routers.a.rule=Host()")).toContain("Host() has no argument");
    expect(refused("traefik.http.routers.a.rule=Host(a)")).toContain("Host() takes quoted arguments (column 6)");
    expect(refused("traefik.http.routers.a.rule=Host(a.test)")).toContain("unexpected \".\" at column 7");
    expect(refused("traefik.http.routers.a.rule=")).toContain("it is empty");
    expect(refused(`traefik.http.routers.a.rule=${"(".repeat(40)}Host(\`a\`)${")".repeat(40)}`)).toContain("nested deeper than 32");
    expect(refused("traefik.http.routers.a.rule=Host(`#`)")).toContain('Host() name "#" is not a host name');
    expect(refused("traefik.http.routers.a.rule=Host(`a.test/6.6.6.6`)")).toContain("is not a host name");
    expect(refused("traefik.http.routers.a.entrypoints=web;websecure")).toMatch(/^must be entry point names/);
    expect(refused("traefik.http.routers.a.middlewares=a b")).toMatch(/^must be middleware names/);
    expect(refused("traefik.http.routers.a.service=x}")).toMatch(/^must be a service name/);
    expect(refused("traefik.http.routers.a.tls.certresolver=a b")).toMatch(/^must be a certificate resolver name/);
    expect(refused("traefik.http.services.a.loadbalancer.server.scheme=ftp")).toBe("must be http, https or h2c");
    expect(refused("traefik.http.services.a.loadbalancer.server.url=http://a b")).toMatch(/^must be a URL/);
  });

  it("reads Host names with the rule grammar: a Host( inside another matcher's string is no host", () => {
    expect(parseHostNames("PathPrefix(`/Host(\"x.test\")`) && Host(`a.test`)")).toEqual(["a.test"]);
    expect(parseHostNames("Host(`a.test`) PathPrefix(`/`)")).toEqual([]);
  });

  it("parses every matcher in source order", () => {
    expect(parseTraefikRule("!(Host(`a`, \"b\\\"c\") || Path(`/p`)) && Method(`GET`)")).toEqual({
      matchers: [
        { name: "Host", args: ["a", 'b"c'] },
        { name: "Path", args: ["/p"] },
        { name: "Method", args: ["GET"] },
      ],
    });
    expect(checkTraefikRule("Host(`a.test`)")).toBeUndefined();
  });
});
