import { describe, expect, it } from "vitest";
import { findRouterPort, parseHostNames, parseTraefikLabels } from "../../../src/config/parse-traefik-labels.js";

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
