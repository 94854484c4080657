import path from "node:path";
import { validateFirewallFile, firewallFileKind } from "../firewall/validate-firewall-file.js";
import { validateTraefikConfig } from "../traefik/validate-traefik-config.js";
import type { DesiredFile, Target } from "./target.js";

type Validator = (target: Target, files: readonly DesiredFile[]) => Promise<string[]>;
type ContentFile = Extract<DesiredFile, { kind: "file" }>;

const contentFiles = (files: readonly DesiredFile[]): ContentFile[] => files.filter((f): f is ContentFile => f.kind === "file");

/**
 * `dnsmasq --test` on the target, on the candidate pair: the records file in
 * a scratch `conf-dir` and the main file with its `conf-dir` pointed there, so
 * the check reads exactly what would be installed.
 */
export function createDnsmasqValidator(options: { dnsmasq?: string } = {}): Validator {
  return async (target, files) => {
    const all = contentFiles(files);
    const main = all.find((f) => /^conf-dir=/m.test(f.content));
    const included = all.filter((f) => f !== main);
    return target.withScratchDir(async (dir) => {
      const confDir = path.posix.join(dir, "conf.d");
      for (const f of included) await target.writeFile(path.posix.join(confDir, path.posix.basename(f.path)), f.content, 0o644);
      if (included.length === 0) await target.run(["mkdir", "-p", confDir]);
      const problems: string[] = [];
      const check = async (file: string) => {
        const r = await target.run([options.dnsmasq ?? "dnsmasq", "--test", "-C", file]);
        if (r.exitCode !== 0) problems.push(`dnsmasq --test: ${(r.stderr || r.stdout).trim()}`);
      };
      if (main) {
        const candidate = path.posix.join(dir, "dnsmasq.conf");
        await target.writeFile(candidate, main.content.replace(/^conf-dir=[^,\n]*/m, `conf-dir=${confDir}`), 0o644);
        await check(candidate);
      } else {
        for (const f of included) await check(path.posix.join(confDir, path.posix.basename(f.path)));
      }
      return problems;
    });
  };
}

/**
 * `nginx -t` on the target with a minimal nginx.conf that includes only the
 * candidate site: syntax, directives, certificate files and listen conflicts
 * inside the site are all checked by the real binary.
 */
export function createNginxValidator(options: { nginx?: string } = {}): Validator {
  return async (target, files) => {
    const problems: string[] = [];
    for (const site of contentFiles(files)) {
      await target.withScratchDir(async (dir) => {
        const sitePath = path.posix.join(dir, "site.conf");
        const confPath = path.posix.join(dir, "nginx.conf");
        await target.writeFile(sitePath, site.content, 0o644);
        await target.writeFile(confPath, nginxWrapper(dir, sitePath), 0o644);
        const r = await target.run([options.nginx ?? "nginx", "-t", "-q", "-c", confPath, "-p", `${dir}/`]);
        if (r.exitCode !== 0) problems.push(`nginx -t (${site.path}): ${(r.stderr || r.stdout).trim()}`);
      });
    }
    return problems;
  };
}

export function nginxWrapper(dir: string, sitePath: string): string {
  return [
    `pid ${dir}/nginx.pid;`,
    `error_log ${dir}/error.log;`,
    "events {}",
    "http {",
    `    access_log ${dir}/access.log;`,
    `    client_body_temp_path ${dir}/client_body;`,
    `    proxy_temp_path ${dir}/proxy;`,
    `    fastcgi_temp_path ${dir}/fastcgi;`,
    `    uwsgi_temp_path ${dir}/uwsgi;`,
    `    scgi_temp_path ${dir}/scgi;`,
    `    include ${sitePath};`,
    "}",
    "",
  ].join("\n");
}

/** The strict schema of the dynamic configuration (Traefik has no offline checker). */
export function createTraefikValidator(): Validator {
  return async (_target, files) => contentFiles(files).flatMap((f) => validateTraefikConfig(f.content).map((p) => `${f.path}: ${p}`));
}

/** parse → render round trip of every firewall file (pve-firewall has no offline checker). */
export function createFirewallValidator(): Validator {
  return async (_target, files) => contentFiles(files).flatMap((f) => validateFirewallFile(f.content, firewallFileKind(f.path)).map((p) => `${f.path}: ${p}`));
}
