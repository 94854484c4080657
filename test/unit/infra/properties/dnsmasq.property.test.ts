import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GuestName, HostName, SafeAbsolutePath } from "../../../../src/config/schemas/primitives.js";
import { TraefikLabel } from "../../../../src/config/schemas/traefik-label.js";
import { parseTraefikLabels } from "../../../../src/config/parse-traefik-labels.js";
import { collectDnsRecords } from "../../../../src/infra/dns/collect-dns-records.js";
import { DNSMASQ_MAIN_FILE, DNSMASQ_RECORDS_FILE, renderDnsmasqConfig } from "../../../../src/infra/dns/render-dnsmasq-config.js";
import { RenderError } from "../../../../src/infra/safe-render-value.js";
import { buildDesiredState } from "../desired-state-fixture.js";
import { acceptedBy, hostilePath, hostileRuleLabel, hostileString, NAME_PIECES, PATH_PIECES, PROPERTY_TIMEOUT_MS, RUNS } from "./arbitraries.js";

/** A dnsmasq line is a comment or one `option[=value]`; this is how dnsmasq itself splits the file into options. */
function readDnsmasqOptions(text: string): { name: string; value: string | undefined }[] {
  expect(text.endsWith("\n")).toBe(true);
  return text
    .slice(0, -1)
    .split(/\r\n|\r|\n/)
    .filter((line) => !line.startsWith("#"))
    .map((line) => {
      const eq = line.indexOf("=");
      return eq === -1 ? { name: line, value: undefined } : { name: line.slice(0, eq), value: line.slice(eq + 1) };
    });
}

const MAIN_OPTIONS = ["port", "domain-needed", "bogus-priv", "strict-order", "stop-dns-rebind", "no-resolv", "local", "listen-address", "bind-interfaces", "conf-dir", "server"];

const hostName = acceptedBy(HostName, hostileString(NAME_PIECES));
const ruleLabel = acceptedBy(TraefikLabel, hostileRuleLabel());

const stateArbitrary = fc.record({
  domain: hostName,
  guestName: acceptedBy(GuestName, hostileString(NAME_PIECES)),
  records: fc.array(fc.record({ hostname: hostName, ip: fc.ipV4() }), { maxLength: 4 }),
  agentHostname: hostName,
  upstream: fc.array(fc.ipV4(), { maxLength: 3 }),
  labels: fc.array(ruleLabel, { maxLength: 3 }),
});

describe("dnsmasq renderer property", () => {
  it("every name and address the schemas accept is exactly one option line: a value never becomes two", () => {
    fc.assert(
      fc.property(stateArbitrary, ({ domain, guestName, records, agentHostname, upstream, labels }) => {
        const hosts = labels.flatMap((label) => parseTraefikLabels([label]).routers.flatMap((r) => r.hosts));
        const state = buildDesiredState({
          domain,
          hypervisor: { network: { interfaces: { address: "10.0.0.13/24" } }, dns_server: { enabled: true, upstream_servers: upstream } },
          guests: [
            { id: "101", name: "Nginx", cidr: "10.0.0.153/24", service: { name: "nginx", port: 443 } },
            { kind: "vm", id: "1002", name: guestName, cidr: "10.0.0.102/24", config: { portainer_role: "agent", portainer_agent_hostname: agentHostname } },
          ],
          stacks: [{ name: "app", routes: [{ service: "web", hosts, port: 80 }] }],
          dnsRecords: records,
        });
        const out = renderDnsmasqConfig(state);
        const main = readDnsmasqOptions(out.files.find((f) => f.name === DNSMASQ_MAIN_FILE)?.content ?? "");
        expect(main.map((o) => o.name)).toEqual(MAIN_OPTIONS.flatMap((name) => (name === "server" ? upstream.map(() => name) : [name])));
        expect(main.find((o) => o.name === "local")?.value).toBe(`/${domain}/`);
        expect(main.filter((o) => o.name === "server").map((o) => o.value)).toEqual(upstream);

        const expected = collectDnsRecords(state).records;
        const lines = readDnsmasqOptions(out.files.find((f) => f.name === DNSMASQ_RECORDS_FILE)?.content ?? "");
        expect(lines).toHaveLength(expected.length);
        // `address=/a/b/ip` would answer for two domains: each line names exactly one.
        expect(lines.map((o) => [o.name, ...(o.value ?? "").split("/")])).toEqual(expected.map((r) => ["address", "", r.hostname, r.ip]));
        // Every accepted name reaches DNS; only `<guest name>.<domain>` can be too long or hold `..` together.
        const derived = `"${guestName.toLowerCase()}.${domain.toLowerCase()}"`;
        expect(out.warnings.filter((w) => w.code === "DNS_INVALID_HOSTNAME" && !w.message.startsWith(derived))).toEqual([]);
      }),
      RUNS,
    );
  }, PROPERTY_TIMEOUT_MS);

  it("a conf-dir from the settings, whatever it holds, is refused or stays one option", () => {
    const confDir = fc.oneof(hostilePath(PATH_PIECES), acceptedBy(SafeAbsolutePath, hostilePath(PATH_PIECES)));
    fc.assert(
      fc.property(confDir, (dir) => {
        let content: string;
        try {
          content = renderDnsmasqConfig(buildDesiredState({ guests: [] }), { confDir: dir }).files[0]?.content ?? "";
        } catch (err) {
          expect(err).toBeInstanceOf(RenderError);
          return;
        }
        expect(SafeAbsolutePath.safeParse(dir).success || dir.startsWith("/")).toBe(true);
        const options = readDnsmasqOptions(content);
        expect(options.filter((o) => o.name === "conf-dir").map((o) => o.value)).toEqual([`${dir},*.conf`]);
        expect(options.map((o) => o.name)).toEqual(MAIN_OPTIONS.flatMap((name) => (name === "server" ? ["server", "server"] : [name])));
      }),
      RUNS,
    );
  }, PROPERTY_TIMEOUT_MS);
});
