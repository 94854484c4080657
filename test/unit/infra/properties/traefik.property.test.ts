import fc from "fast-check";
import { parseDocument } from "yaml";
import { describe, expect, it } from "vitest";
import { DnsLabel, HostName, SafeAbsolutePath } from "../../../../src/config/schemas/primitives.js";
import { parseTraefikRule } from "../../../../src/config/schemas/traefik-rule.js";
import { RenderError } from "../../../../src/infra/safe-render-value.js";
import { renderTraefikConfig } from "../../../../src/infra/traefik/render-traefik-config.js";
import { validateTraefikConfig } from "../../../../src/infra/traefik/validate-traefik-config.js";
import { buildDesiredState } from "../desired-state-fixture.js";
import { acceptedBy, hostilePath, hostileString, NAME_PIECES, PATH_PIECES, PROPERTY_TIMEOUT_MS, RUNS } from "./arbitraries.js";

interface DynamicConfig {
  http: {
    routers: Record<string, { rule: string; service: string; entryPoints: string[] }>;
    services?: Record<string, { loadBalancer: { servers: { url: string }[] } }>;
    serversTransports: Record<string, { rootCAs: string[] }>;
  };
  tls?: { certificates: { certFile: string; keyFile: string }[] };
}

/** The file as Traefik reads it: YAML without duplicate keys, then the strict schema Phoenix holds it to. */
function readDynamicConfig(text: string): DynamicConfig {
  const doc = parseDocument(text, { uniqueKeys: true });
  expect(doc.errors).toEqual([]);
  expect(validateTraefikConfig(text)).toEqual([]);
  return doc.toJS() as DynamicConfig;
}

const stateArbitrary = fc.record({
  domain: acceptedBy(HostName, hostileString(NAME_PIECES)),
  services: fc.uniqueArray(acceptedBy(DnsLabel, hostileString(NAME_PIECES)), { maxLength: 4, selector: (s) => s.toLowerCase() }),
  hostPath: acceptedBy(SafeAbsolutePath, hostilePath(PATH_PIECES)),
  containerPath: acceptedBy(SafeAbsolutePath, hostilePath(PATH_PIECES)),
  certFile: acceptedBy(SafeAbsolutePath, hostilePath(PATH_PIECES)),
});

describe("Traefik renderer property", () => {
  it("every name and path the schemas accept is one YAML value: one router and one service per route, one Host per rule", () => {
    fc.assert(
      fc.property(stateArbitrary, ({ domain, services, hostPath, containerPath, certFile }) => {
        const host = hostPath.replace(/\/+$/, "");
        const state = buildDesiredState({
          domain,
          guests: [
            {
              id: "102",
              name: "proxy",
              cidr: "10.0.0.12/24",
              features: ["traefik"],
              config: { mount_points: [{ host_path: hostPath, container_path: containerPath }] },
            },
            ...services.map((name, i) => ({ id: String(200 + i), name: `g${i}`, cidr: `10.0.1.${i + 1}/24`, service: { name, port: 8000 + i } })),
          ],
          certificates: [{ common_name: `traefik.${domain}`, cert_path: `${host}${certFile}.crt`, key_path: `${host}${certFile}.key` }],
        });
        const config = readDynamicConfig(renderTraefikConfig(state).files[0]?.content ?? "");
        const routers = Object.entries(config.http.routers);
        expect(routers.map(([name]) => name)).toEqual([...services.map((s) => `${s}-router`), "traefik-dashboard-router"]);
        for (const [name, router] of routers) {
          const service = name.replace(/-router$/, "");
          const matchers = parseTraefikRule(router.rule);
          expect(matchers).toEqual({ matchers: [{ name: "Host", args: [`${service === "traefik-dashboard" ? "traefik" : service}.${domain}`] }] });
          expect(router.entryPoints).toEqual(["web"]);
        }
        expect(Object.keys(config.http.services ?? {})).toEqual(services.map((s) => `${s}-service`));
        const mount = containerPath.replace(/\/+$/, "");
        expect(config.tls?.certificates).toEqual([{ certFile: `${mount}${certFile}.crt`, keyFile: `${mount}${certFile}.key` }]);
      }),
      RUNS,
    );
  }, PROPERTY_TIMEOUT_MS);

  it("entry points and the root CA path from options, whatever they hold, are refused or read back unchanged", () => {
    const counts = { rendered: 0, refused: 0 };
    fc.assert(
      fc.property(fc.array(hostileString(["web", "secure", ": ", "- ", "#", "true", "'", "\""]), { minLength: 1, maxLength: 3 }), hostilePath(PATH_PIECES), (entryPoints, rootCaPath) => {
        const state = buildDesiredState({ guests: [{ id: "102", name: "proxy", cidr: "10.0.0.12/24", features: ["traefik"] }] });
        let text: string;
        try {
          text = renderTraefikConfig(state, { entryPoints, rootCaPath }).files[0]?.content ?? "";
        } catch (err) {
          expect(err).toBeInstanceOf(RenderError);
          counts.refused++;
          return;
        }
        counts.rendered++;
        const config = readDynamicConfig(text);
        expect(Object.values(config.http.routers).map((r) => r.entryPoints)).toEqual([entryPoints]);
        expect(config.http.serversTransports["internal-ca"]?.rootCAs).toEqual([rootCaPath]);
      }),
      RUNS,
    );
    expect(counts.rendered).toBeGreaterThan(0);
    expect(counts.refused).toBeGreaterThan(0);
  }, PROPERTY_TIMEOUT_MS);
});
