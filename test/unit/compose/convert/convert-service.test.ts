import { describe, expect, it } from "vitest";
import { serviceYaml } from "../load-helper.js";
import { containerOf, conversionErrors, convertServiceLines } from "./convert-helper.js";

describe("names and labels (docs/stack-deploy.md §3.1)", () => {
  it("scopes the service, labels service and container, records the image as written", async () => {
    const spec = await convertServiceLines("labels:\n  c: container\ndeploy:\n  labels:\n    s: service\n    com.docker.stack.namespace: mine");
    expect(spec.Name).toBe("st_a");
    expect(spec.Labels).toEqual({ s: "service", "com.docker.stack.namespace": "st", "com.docker.stack.image": "busybox" });
    expect(spec.TaskTemplate.ContainerSpec?.Labels).toEqual({ c: "container", "com.docker.stack.namespace": "st" });
    expect(spec.TaskTemplate.ContainerSpec?.Image).toBe("busybox");
  });
});

describe("ContainerSpec (§3.2)", () => {
  it("crosses entrypoint over to Command and command to Args", async () => {
    const container = await containerOf('entrypoint: ["/bin/sh", "-c"]\ncommand: echo "a b"');
    expect(container.Command).toEqual(["/bin/sh", "-c"]);
    expect(container.Args).toEqual(["echo", "a b"]);
  });

  it("sorts Env byte-wise, keeps bare keys and fills empty values from the host", async () => {
    const container = await containerOf("environment:\n  b: \"2\"\n  A: \"1\"\n  NULLVAR:\n  EMPTY: \"\"\n  HOSTED: \"\"", { env: { HOSTED: "h" } });
    expect(container.Env).toEqual(["A=1", "EMPTY=", "HOSTED=h", "NULLVAR", "b=2"]);
  });

  it("turns extra_hosts into 'ip host', splitting at the first colon and dropping entries without one", async () => {
    const container = await containerOf('extra_hosts:\n  - "somehost:10.0.0.1"\n  - "v6host:::1"\n  - "broken"');
    expect(container.Hosts).toEqual(["10.0.0.1 somehost", "::1 v6host"]);
  });

  it("sends DNSConfig only when dns or dns_search is set", async () => {
    expect((await containerOf("dns: 8.8.8.8\ndns_search: [a.example]")).DNSConfig).toEqual({ Nameservers: ["8.8.8.8"], Search: ["a.example"] });
    expect((await containerOf("")).DNSConfig).toBeUndefined();
  });

  it("copies the scalar fields and omits unset ones", async () => {
    const container = await containerOf(
      "hostname: h\nuser: \"1000\"\nworking_dir: /w\nstop_signal: SIGTERM\nstop_grace_period: 2s\ntty: true\nstdin_open: true\nread_only: true\ninit: false\nisolation: default",
    );
    expect(container).toMatchObject({ Hostname: "h", User: "1000", Dir: "/w", StopSignal: "SIGTERM", StopGracePeriod: 2e9, TTY: true });
    expect(container).toMatchObject({ OpenStdin: true, ReadOnly: true, Init: false, Isolation: "default" });
    const bare = await containerOf("");
    for (const key of ["Hostname", "User", "Dir", "StopGracePeriod", "TTY", "Init", "Hosts", "Mounts", "Secrets", "Configs", "Ulimits", "Sysctls"]) {
      expect(bare).not.toHaveProperty(key);
    }
  });

  it("normalises capabilities: CAP_ prefix, upper case, de-duplicated, sorted, add beats drop", async () => {
    const container = await containerOf("cap_add: [net_admin, CAP_NET_ADMIN, sys_time]\ncap_drop: [mknod, SYS_TIME, chown]");
    expect(container.CapabilityAdd).toEqual(["CAP_NET_ADMIN", "CAP_SYS_TIME"]);
    expect(container.CapabilityDrop).toEqual(["CAP_CHOWN", "CAP_MKNOD"]);
  });

  it("lets ALL replace the rest of its list", async () => {
    const container = await containerOf("cap_add: [ALL, net_admin]\ncap_drop: [net_raw]");
    expect(container.CapabilityAdd).toEqual(["ALL"]);
    expect(container.CapabilityDrop).toEqual(["CAP_NET_RAW"]);
  });

  it("sorts ulimits by name; a single number sets soft and hard", async () => {
    const container = await containerOf("ulimits:\n  nproc: 10\n  nofile:\n    soft: 1\n    hard: 2");
    expect(container.Ulimits).toEqual([
      { Name: "nofile", Soft: 1, Hard: 2 },
      { Name: "nproc", Soft: 10, Hard: 10 },
    ]);
  });

  it("sends sysctls as a string map", async () => {
    expect((await containerOf("sysctls:\n  net.core.somaxconn: 1024")).Sysctls).toEqual({ "net.core.somaxconn": "1024" });
  });

  it("sends Privileges with null pointers (20.10) and NoNewPrivileges from 25.0 on", async () => {
    expect((await containerOf("")).Privileges).toEqual({ CredentialSpec: null, SELinuxContext: null });
    expect((await containerOf("", { compat: "28.2" })).Privileges).toEqual({ CredentialSpec: null, SELinuxContext: null, NoNewPrivileges: false });
  });

  it("refuses two credential spec sources", async () => {
    const errors = await conversionErrors(serviceYaml("credential_spec:\n  file: a.json\n  registry: r"));
    expect(errors).toEqual(['service a: invalid credential spec: cannot specify both "File" and "Registry"']);
  });
});

describe("Healthcheck (§3.3)", () => {
  it("converts a string test to CMD-SHELL with durations in ns", async () => {
    const container = await containerOf('healthcheck:\n  test: "true"\n  interval: 30s\n  timeout: 5s\n  retries: 2\n  start_period: 1s');
    expect(container.Healthcheck).toEqual({ Test: ["CMD-SHELL", "true"], Interval: 30e9, Timeout: 5e9, StartPeriod: 1e9, Retries: 2 });
  });

  it("turns disable into NONE and refuses disable with a test", async () => {
    expect((await containerOf("healthcheck:\n  disable: true")).Healthcheck).toEqual({ Test: ["NONE"] });
    const errors = await conversionErrors(serviceYaml('healthcheck:\n  test: "true"\n  disable: true'));
    expect(errors).toEqual(["service a: test and disable can't be set at the same time"]);
  });

  it("has no Healthcheck without the key", async () => {
    expect((await containerOf("")).Healthcheck).toBeUndefined();
  });
});
