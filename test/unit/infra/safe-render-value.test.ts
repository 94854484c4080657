import { describe, expect, it } from "vitest";
import type { FirewallRule } from "../../../src/config/schemas/firewall-rule.js";
import { renderDnsmasqConfig } from "../../../src/infra/dns/render-dnsmasq-config.js";
import { renderFirewallFiles } from "../../../src/infra/firewall/render-firewall-files.js";
import { renderNginxGateway } from "../../../src/infra/nginx/render-nginx-gateway.js";
import { renderTraefikConfig } from "../../../src/infra/traefik/render-traefik-config.js";
import { findUnsafeCharacter, RenderError, requireSafeValue, type RenderSyntax } from "../../../src/infra/safe-render-value.js";
import { buildDesiredState, buildReferenceLikeState } from "./desired-state-fixture.js";

const SYNTAXES: readonly RenderSyntax[] = ["dnsmasq", "firewall-flag", "firewall-comment", "nginx", "yaml"];
const LINE_BREAKERS = ["\n", "\r", "\u0000", "\u000b", "\u000c", "\u0085", "\u2028", "\u2029", "\u007f", "\u009b", "\t"];

/** What the renderer threw, as `code: message`, or "rendered" when it did not throw. */
function refusal(render: () => unknown): string {
  try {
    render();
    return "rendered";
  } catch (err) {
    expect(err).toBeInstanceOf(RenderError);
    const e = err as RenderError;
    expect(e.diagnostic.message).not.toMatch(/[\n\u2028\u2029\u0085]/);
    return `${e.diagnostic.code}: ${e.diagnostic.message}`;
  }
}

describe("requireSafeValue", () => {
  it("refuses every line-breaking or control character in every syntax", () => {
    for (const syntax of SYNTAXES)
      for (const c of LINE_BREAKERS) expect([syntax, JSON.stringify(c), findUnsafeCharacter(`a${c}b`, syntax)]).toEqual([syntax, JSON.stringify(c), expect.stringMatching(/^U\+[0-9A-F]{4} would end or split/)]);
  });

  it("refuses per syntax what ends or splits a directive there, and nothing else", () => {
    const refuses = (syntax: RenderSyntax) => [..." #;{}\"'\\$|/,`()"].filter((c) => findUnsafeCharacter(`a${c}b`, syntax) !== undefined).join("");
    expect(refuses("dnsmasq")).toBe(" #\"'\\");
    expect(refuses("firewall-flag")).toBe(" #|");
    expect(refuses("firewall-comment")).toBe("");
    expect(refuses("nginx")).toBe(" #;{}\"'\\$");
    expect(refuses("yaml")).toBe("");
    expect(findUnsafeCharacter("a/b", "dnsmasq", "/")).toBe("'/' would end or split the directive");
  });

  it("refuses an empty word and a lone surrogate, and returns a safe value unchanged", () => {
    expect(findUnsafeCharacter("", "nginx")).toBe("it is empty");
    expect(findUnsafeCharacter("", "firewall-comment")).toBeUndefined();
    expect(findUnsafeCharacter("a\ud800b", "yaml")).toBe("it is not well-formed Unicode (a lone surrogate)");
    expect(findUnsafeCharacter("😀", "yaml")).toBeUndefined();
    expect(requireSafeValue("/etc/nginx/ssl/k.key", "nginx", { output: "nginx", what: "ssl_certificate_key" })).toBe("/etc/nginx/ssl/k.key");
  });

  it("positions the error at the config value when it knows it, and escapes the value", () => {
    const origin = { file: "etc/phoenix_vm_configs.json", path: "vms[0].firewall.rules[2]", line: 80, column: 17 };
    expect(refusal(() => requireSafeValue("net0\u2028IN ACCEPT", "firewall-flag", { output: "firewall", what: "rule option -i", origin }))).toBe(
      'RENDER_UNSAFE_VALUE: rule option -i "net0\\u2028IN ACCEPT" cannot be written to the firewall files: U+2028 would end or split the directive',
    );
    try {
      requireSafeValue("a;b", "nginx", { output: "nginx", what: "x", origin });
    } catch (err) {
      expect((err as RenderError).message).toMatch(/^etc\/phoenix_vm_configs\.json:80:17 error vms\[0\]\.firewall\.rules\[2\]: x "a;b" cannot be written/);
    }
  });
});

/** Values that reach a renderer around the schemas (a test state, the settings) are refused there too. */
describe("the renderers refuse what the schemas would have", () => {
  const rule = (r: Partial<FirewallRule>): FirewallRule => ({ type: "in", action: "ACCEPT", ...r });

  it("firewall: a flag value that would start a new rule, flag or comment, at the rule's guest", () => {
    const state = (r: FirewallRule) =>
      buildDesiredState({ guests: [{ id: "101", name: "a", cidr: "10.0.0.5/24", firewall: { enabled: true, rules: [r] } }] });
    expect(refusal(() => renderFirewallFiles(buildDesiredState({ guests: [], firewall: { globalRules: [rule({ iface: "vmbr0\nIN ACCEPT" })] } })))).toBe(
      'RENDER_UNSAFE_VALUE: rule option -i "vmbr0\\nIN ACCEPT" cannot be written to the firewall files: U+000A would end or split the directive',
    );
    expect(refusal(() => renderFirewallFiles(state(rule({ source: "10.0.0.0/24 -dport 1:65535" }))))).toContain("U+0020 would end or split");
    expect(refusal(() => renderFirewallFiles(state(rule({ dest: "+trusted#", proto: "tcp", port: "22" }))))).toContain("'#' would end or split");
    expect(refusal(() => renderFirewallFiles(state(rule({ proto: "-dport" }))))).toContain("would be read as the next option's name");
    expect(refusal(() => renderFirewallFiles(state(rule({ comment: "ok\u0085IN ACCEPT" }))))).toContain("U+0085");
    expect(refusal(() => renderFirewallFiles(state(rule({ macro: "SSH\u2028IN", proto: "tcp" }))))).toContain("U+2028");
    // The converter folds ASCII whitespace in a comment to spaces: that comment stays one comment.
    expect(refusal(() => renderFirewallFiles(state(rule({ comment: "a\nIN ACCEPT" }))))).toBe("rendered");
    expect(renderFirewallFiles(state(rule({ comment: "a\nIN ACCEPT # b" }))).files[1]?.content).toContain("IN ACCEPT # a IN ACCEPT # b\n");
  });

  it("dnsmasq: a conf-dir from the settings that would add a line or a second part", () => {
    const state = buildReferenceLikeState();
    expect(refusal(() => renderDnsmasqConfig(state, { confDir: "/srv/dns\naddress=/#/6.6.6.6" }))).toBe(
      'RENDER_UNSAFE_VALUE: conf-dir "/srv/dns\\naddress=/#/6.6.6.6" cannot be written to the dns files: U+000A would end or split the directive',
    );
    expect(refusal(() => renderDnsmasqConfig(state, { confDir: "/srv/dns,*.x" }))).toContain("',' would end or split");
    expect(refusal(() => renderDnsmasqConfig(state, { confDir: "srv/dns" }))).toContain("it is not an absolute path");
    expect(refusal(() => renderDnsmasqConfig(state, { listenAddresses: ["10.0.0.13 # x"] }))).toContain("listen-address");
    expect(refusal(() => renderDnsmasqConfig(state, { upstreamServers: ["dns.example"] }))).toContain("it is not an IP address");
    expect(refusal(() => renderDnsmasqConfig(state, { port: 70000 }))).toContain("not a port number");
    expect(refusal(() => renderDnsmasqConfig(buildReferenceLikeState({ domain: "lab.test/#" })))).toContain("domain_name");
    expect(refusal(() => renderDnsmasqConfig(state, { confDir: "/srv/dns" }))).toBe("rendered");
  });

  it("nginx: paths, listen addresses and the proxy URL that would end the directive or open a block", () => {
    const state = buildReferenceLikeState();
    const cert = (keyPath: string) => ({ certificate: { certPath: "/etc/nginx/ssl/c.crt", keyPath } });
    expect(refusal(() => renderNginxGateway(state, cert("/etc/nginx/ssl/k.key;\n location /loot/ { alias /etc/; autoindex on; }")))).toBe(
      'RENDER_UNSAFE_VALUE: ssl_certificate_key "/etc/nginx/ssl/k.key;\\n location /loot/ { alias /etc/; autoindex on; }" cannot be written to the nginx files: \';\' would end or split the directive',
    );
    expect(refusal(() => renderNginxGateway(state, cert("/etc/nginx/ssl/$ssl_server_name.key")))).toContain("'$' would end or split");
    expect(refusal(() => renderNginxGateway(state, cert("k.key")))).toContain("it is not an absolute path");
    expect(refusal(() => renderNginxGateway(state, { httpListen: "80 default_server; location / { return 200; } #" }))).toContain("listen");
    expect(refusal(() => renderNginxGateway(state, { httpsListen: "localhost" }))).toContain("it is not a port or address:port");
    expect(refusal(() => renderNginxGateway(state, { proxyUrl: "http://10.0.0.12:80}" }))).toContain("'}' would end or split");
    expect(refusal(() => renderNginxGateway(state, { proxyUrl: "10.0.0.12:80" }))).toContain("not an http:// or https:// URL");
    const mounted = buildReferenceLikeState();
    const mounts = (mounted.guests[0]?.config as { mount_points?: { container_path: string }[] }).mount_points ?? [];
    for (const m of mounts) m.container_path = m.container_path.replace("/etc/nginx/ssl", "/etc/nginx/ssl; } server { root /; } #");
    expect(refusal(() => renderNginxGateway(mounted))).toContain("ssl_certificate ");
  });

  it("traefik: values are quoted by the yaml library, hosts must be host names and paths absolute", () => {
    const state = buildReferenceLikeState();
    expect(refusal(() => renderTraefikConfig(state, { entryPoints: ["web\nevil"] }))).toContain("entry point");
    expect(refusal(() => renderTraefikConfig(state, { rootCaPath: "certs/root.pem" }))).toContain("it is not an absolute path");
    expect(refusal(() => renderTraefikConfig(state, { rootCaPath: "/certs/root\u2028.pem" }))).toContain("U+2028");
    expect(refusal(() => renderTraefikConfig(buildReferenceLikeState({ domain: "lab.test`) || PathPrefix(`/" })))).toContain("it is not a host name");
    const text = renderTraefikConfig(state, { entryPoints: ["a: b", "#c", "- d", "true", "'e'"] }).files[0]?.content ?? "";
    expect(text).toContain('        - "a: b"\n        - "#c"\n        - "- d"\n        - "true"\n        - "\'e\'"\n');
  });
});
