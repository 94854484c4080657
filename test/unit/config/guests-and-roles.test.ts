import { describe, expect, it } from "vitest";
import { buildRepo, loadRepo, lxc, vm } from "./config-repo.js";

describe("guest references", () => {
  it("requires clone sources of the right kind", async () => {
    const result = await loadRepo(
      buildRepo({
        lxcConfigs: [
          ["900", lxc("Template", "dhcp", { template_snapshot_name: "base" })],
          ["901", lxc("Clone", "10.0.0.5/24", { clone_from_ctid: "9000" })],
          ["902", lxc("Lost", "10.0.0.6/24", { clone_from_ctid: "950" })],
        ],
        vms: [vm(9000, "cloud-template", "dhcp", { is_template: true }), vm(1001, "Manager", "10.0.0.111/24", { clone_from_vmid: 900 })],
      }),
    );
    expect(result.messages).toEqual([
      'etc/phoenix_lxc_configs.json:27:26 error lxc_configs["901"].clone_from_ctid: clone_from_ctid must name an LXC, but 9000 is VM 9000 (cloud-template)',
      'etc/phoenix_lxc_configs.json:40:26 error lxc_configs["902"].clone_from_ctid: clone source 950 is not a known LXC',
      "etc/phoenix_vm_configs.json:17:26 error vms[1].clone_from_vmid: clone_from_vmid must name a VM, but 900 is LXC 900 (Template)",
    ]);
  });

  it("models templates, dhcp guests and dependsOn (clone source first)", async () => {
    const result = await loadRepo(
      buildRepo({
        lxcConfigs: [
          ["900", lxc("Template", "dhcp", { template_snapshot_name: "base" })],
          ["901", lxc("Clone", "dhcp", { clone_from_ctid: "900", dependencies: ["9000"] })],
        ],
        vms: [vm(9000, "cloud-template", "dhcp", { is_template: true })],
      }),
    );
    expect(result.messages).toEqual([]);
    expect(result.state?.guests.map((g) => [g.id, g.isTemplate, g.ip, g.cidr, g.dependsOn])).toEqual([
      ["900", true, undefined, "dhcp", []],
      ["901", false, undefined, "dhcp", ["900", "9000"]],
      ["9000", true, undefined, "dhcp", []],
    ]);
  });

  it("checks the guest a certificate is pushed to", async () => {
    const certificates = [
      { common_name: "a.internal.example.test", cert_path: "/a.crt", key_path: "/a.key", guest_id: "105" },
      { common_name: "b.internal.example.test", cert_path: "/b.crt", key_path: "/b.key", guest_id: 101, guest_type: "vm" },
    ];
    const result = await loadRepo(buildRepo({ certificates }));
    expect(result.messages).toEqual([
      "etc/certificate-manifest.json:6:17 error [0].guest_id: unknown guest 105",
      'etc/certificate-manifest.json:12:17 error [1].guest_id: guest_type is "vm", but 101 is LXC 101 (Nginx)',
    ]);
  });
});

describe("unknown keys", () => {
  it("are kept and reported as warnings at the key; the state still loads", async () => {
    const result = await loadRepo(buildRepo({ lxcConfigs: [["101", lxc("Nginx", "10.0.0.153/24", { foo: 1, network_config: { name: "eth0", bridge: "vmbr0", ip: "10.0.0.153/24", vlan: 5 } })]] }));
    expect(result.messages).toEqual([
      'etc/phoenix_lxc_configs.json:13:9 warning lxc_configs["101"].network_config.vlan: unknown key "vlan" (kept, not used by Phoenix)',
      'etc/phoenix_lxc_configs.json:15:7 warning lxc_configs["101"].foo: unknown key "foo" (kept, not used by Phoenix)',
    ]);
    expect(result.state?.guests[0]?.config).toMatchObject({ foo: 1, network_config: { vlan: 5 } });
    expect(result.state?.warnings.map((w) => w.code)).toEqual(["CONFIG_UNKNOWN_KEY", "CONFIG_UNKNOWN_KEY"]);
  });
});

describe("firewall layouts", () => {
  const block = (policy: string) => ({ enabled: true, default_input_policy: policy, global_firewall_rules: [{ type: "in", action: "ACCEPT", proto: "tcp", port: "22" }] });

  it("reads the top-level block (newer layout) and defaults the output policy", async () => {
    const result = await loadRepo(buildRepo({ hypervisor: { domain_name: "internal.example.test", firewall: block("REJECT") } }));
    expect(result.state?.firewall).toEqual({ enabled: true, policyIn: "REJECT", policyOut: "ACCEPT", globalRules: [{ type: "in", action: "ACCEPT", proto: "tcp", port: "22" }] });
  });

  it("prefers the top-level block when both layouts are present", async () => {
    const result = await loadRepo(buildRepo({ hypervisor: { domain_name: "internal.example.test", shared_volumes: { firewall: block("DROP") }, firewall: block("REJECT") } }));
    expect(result.messages).toEqual([
      "etc/phoenix_hypervisor_config.json:4:5 warning shared_volumes.firewall: ignored: the top-level firewall block takes precedence\n  hint: keep one firewall block: top-level firewall (newer layout) or shared_volumes.firewall (main layout)",
    ]);
    expect(result.state?.firewall.policyIn).toBe("REJECT");
  });

  it("is disabled without a firewall block", async () => {
    const result = await loadRepo(buildRepo());
    expect(result.state?.firewall).toEqual({ enabled: false, policyIn: "DROP", policyOut: "ACCEPT", globalRules: [] });
  });
});

describe("roles", () => {
  it("falls back to a name containing nginx, and reads the newer swarm_role", async () => {
    const result = await loadRepo(
      buildRepo({
        lxcConfigs: [["120", lxc("edge-NGINX", "10.0.0.20/24")]],
        vms: [vm(1001, "Manager", "10.0.0.111/24", { swarm_role: "manager" }), vm(1002, "w1", "10.0.0.112/24", { portainer_role: "agent" }), vm(1003, "w2", "10.0.0.113/24", { swarm_role: "worker" })],
      }),
    );
    expect(result.state?.roles).toEqual({ gateway: "120", proxy: undefined, ca: undefined, swarmManager: "1001", swarmWorkers: ["1002", "1003"] });
  });

  it("uses the first candidate and names the others", async () => {
    const result = await loadRepo(
      buildRepo({ lxcConfigs: [["120", lxc("ca-1", "10.0.0.20/24", { features: ["step_ca"] })], ["121", lxc("ca-2", "10.0.0.21/24", { features: ["step_ca"] })]], vms: [] }),
    );
    expect(result.messages).toEqual(['etc/phoenix_lxc_configs.json:18:5 warning lxc_configs["121"]: 121 (ca-2) also qualifies as the certificate authority; 120 (ca-1) is used']);
    expect(result.state?.roles.ca).toBe("120");
  });
});

describe("guest Traefik services", () => {
  it("routes VMs over https and LXCs over http unless scheme is set, and skips guests without an address", async () => {
    const result = await loadRepo(
      buildRepo({
        lxcConfigs: [
          ["120", lxc("web", "10.0.0.20/24", { traefik_service: { name: "web", port: 80 } })],
          ["121", lxc("ca", "10.0.0.21/24", { traefik_service: { name: "ca", port: 9000, scheme: "https" } })],
          ["122", lxc("floating", "dhcp", { traefik_service: { name: "floating", port: 80 } })],
        ],
        vms: [vm(1001, "Manager", "10.0.0.111/24", { traefik_service: { name: "portainer", port: 9000, scheme: "http" } }), vm(1002, "agent", "10.0.0.112/24", { traefik_service: { name: "agent", port: 9001 } })],
      }),
    );
    expect(result.messages).toEqual(['etc/phoenix_lxc_configs.json:48:17 warning lxc_configs["122"].traefik_service.name: no route for "floating": LXC 122 (floating) has no static address']);
    const routes = result.state?.traefikServices.map((s) => [s.name, s.hosts[0], s.backend.kind === "guest" ? `${s.backend.scheme}://${s.backend.ip}:${s.backend.port}` : s.backend.stack]);
    expect(routes).toEqual([
      ["web", "web.internal.example.test", "http://10.0.0.20:80"],
      ["ca", "ca.internal.example.test", "https://10.0.0.21:9000"],
      ["portainer", "portainer.internal.example.test", "http://10.0.0.111:9000"],
      ["agent", "agent.internal.example.test", "https://10.0.0.112:9001"],
      ["app", "app.internal.example.test", "app"],
    ]);
  });
});

describe("declared DNS records", () => {
  it("come from LXCs and VMs, in guest order, with their positions", async () => {
    const result = await loadRepo(
      buildRepo({
        lxcConfigs: [["120", lxc("web", "10.0.0.20/24", { dns_records: [{ hostname: "www.example.test", ip: "10.0.0.20" }] })]],
        vms: [vm(1001, "Manager", "10.0.0.111/24", { dns_records: [{ hostname: "manager.example.test", ip: "10.0.0.111" }] })],
      }),
    );
    expect(result.state?.dnsRecords).toEqual([
      { hostname: "www.example.test", ip: "10.0.0.20", origin: { file: "etc/phoenix_lxc_configs.json", path: 'lxc_configs["120"].dns_records[0]', line: 15, column: 9 } },
      { hostname: "manager.example.test", ip: "10.0.0.111", origin: { file: "etc/phoenix_vm_configs.json", path: "vms[0].dns_records[0]", line: 10, column: 9 } },
    ]);
  });
});
