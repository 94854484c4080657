import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GuestName, HostName, SafeAbsolutePath } from "../../../../src/config/schemas/primitives.js";
import { collectDnsRecords } from "../../../../src/infra/dns/collect-dns-records.js";
import { renderNginxGateway } from "../../../../src/infra/nginx/render-nginx-gateway.js";
import { RenderError } from "../../../../src/infra/safe-render-value.js";
import { buildDesiredState } from "../desired-state-fixture.js";
import { acceptedBy, hostilePath, hostileString, NAME_PIECES, PATH_PIECES, PROPERTY_TIMEOUT_MS, RUNS } from "./arbitraries.js";
import { flattenNginx, parseNginxConfig } from "./nginx-tokens.js";

const hostName = acceptedBy(HostName, hostileString(NAME_PIECES));
const absolutePath = acceptedBy(SafeAbsolutePath, hostilePath(PATH_PIECES));

/**
 * The site's directives as `path argc` (server_name: `*` for its names), and
 * the arguments the values land in. No value may add, remove or split a
 * directive, so the shape is the same for every state.
 */
function readSite(text: string): { shape: string[]; serverNames: readonly string[]; cert: readonly string[]; key: readonly string[] } {
  const tree = parseNginxConfig(text);
  const https = tree.filter((d) => d.name === "server")[1]?.children ?? [];
  const args = (name: string) => https.find((d) => d.name === name)?.args ?? [];
  return {
    shape: flattenNginx(tree).map(({ path, directive }) => `${path} ${path === "server/server_name" ? "*" : directive.args.length}`),
    serverNames: args("server_name"),
    cert: args("ssl_certificate"),
    key: args("ssl_certificate_key"),
  };
}

const baseline = readSite(
  renderNginxGateway(
    buildDesiredState({
      guests: [
        { id: "101", name: "gw", cidr: "10.0.0.153/24", service: { name: "nginx", port: 443 } },
        { id: "102", name: "proxy", cidr: "10.0.0.12/24", features: ["traefik"] },
      ],
    }),
    { certificate: { certPath: "/c.crt", keyPath: "/k.key" } },
  ).files[0]?.content ?? "",
);

const stateArbitrary = fc.record({
  domain: hostName,
  gatewayName: acceptedBy(GuestName, hostileString(NAME_PIECES)),
  records: fc.array(hostName, { maxLength: 4 }),
  hostPath: absolutePath,
  containerPath: absolutePath,
  certFile: absolutePath,
  keyFile: absolutePath,
});

describe("NGINX renderer property", () => {
  it("reads the baseline site as nginx does: a map, two servers, three locations", () => {
    expect(baseline.shape.filter((d) => /^(map|server|server\/location) /.test(d))).toEqual([
      "map 2",
      "server 0",
      "server/location 1",
      "server/location 1",
      "server 0",
      "server/location 1",
    ]);
    expect(baseline.shape).toHaveLength(32);
    expect(baseline.key).toEqual(["/k.key"]);
  });

  it("every name and path the schemas accept stays one argument: the site keeps its blocks and directives", () => {
    fc.assert(
      fc.property(stateArbitrary, ({ domain, gatewayName, records, hostPath, containerPath, certFile, keyFile }) => {
        // The certificate lives under the gateway's mount, so its container path is containerPath + the rest.
        const host = hostPath.replace(/\/+$/, "");
        const state = buildDesiredState({
          domain,
          guests: [
            {
              id: "101",
              name: gatewayName,
              cidr: "10.0.0.153/24",
              service: { name: "nginx", port: 443 },
              config: { mount_points: [{ host_path: hostPath, container_path: containerPath }] },
            },
            { id: "102", name: "proxy", cidr: "10.0.0.12/24", features: ["traefik"] },
          ],
          dnsRecords: records.map((hostname) => ({ hostname, ip: "10.0.0.153" })),
          certificates: [{ common_name: `nginx.${domain}`, cert_path: `${host}${certFile}`, key_path: `${host}${keyFile}` }],
        });
        const site = renderNginxGateway(state).files[0]?.content;
        expect(site).toBeDefined();
        const parsed = readSite(site ?? "");
        expect(parsed.shape).toEqual(baseline.shape);
        const names = collectDnsRecords(state).records.filter((r) => r.ip === "10.0.0.153").map((r) => r.hostname);
        expect(parsed.serverNames).toEqual(names.length > 0 ? names : ["_"]);
        const mount = containerPath.replace(/\/+$/, "");
        expect(parsed.cert).toEqual([`${mount}${certFile}`]);
        expect(parsed.key).toEqual([`${mount}${keyFile}`]);
      }),
      RUNS,
    );
  }, PROPERTY_TIMEOUT_MS);

  it("certificate paths and listen addresses from options, whatever they hold, are refused or stay one argument", () => {
    const listen = fc.oneof(fc.constant("127.0.0.1:8080"), hostileString(["80", "127.0.0.1", ":", "[::1]", "443"]));
    const upstream = fc.oneof(fc.constant("10.0.0.12:80"), hostileString(["10.0.0.12", ":", "80", "/", "x"]));
    const counts = { rendered: 0, refused: 0 };
    fc.assert(
      fc.property(hostilePath(PATH_PIECES), listen, upstream, (keyPath, httpListen, proxyUrl) => {
        const state = buildDesiredState({
          guests: [
            { id: "101", name: "gw", cidr: "10.0.0.153/24", service: { name: "nginx", port: 443 } },
            { id: "102", name: "proxy", cidr: "10.0.0.12/24", features: ["traefik"] },
          ],
        });
        let site: string;
        try {
          site = renderNginxGateway(state, { certificate: { certPath: "/c.crt", keyPath }, httpListen, proxyUrl: `http://${proxyUrl}` }).files[0]?.content ?? "";
        } catch (err) {
          expect(err).toBeInstanceOf(RenderError);
          counts.refused++;
          return;
        }
        counts.rendered++;
        const parsed = readSite(site);
        expect(parsed.shape).toEqual(baseline.shape);
        expect(parsed.key).toEqual([keyPath]);
      }),
      RUNS,
    );
    expect(counts.rendered).toBeGreaterThan(0);
    expect(counts.refused).toBeGreaterThan(0);
  }, PROPERTY_TIMEOUT_MS);
});
