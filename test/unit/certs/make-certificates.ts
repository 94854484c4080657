import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";

export interface TestCa {
  readonly certFile: string;
  readonly keyFile: string;
  readonly pem: string;
}

export interface TestLeaf {
  /** Leaf then the CA: a full chain, as Phoenix writes it. */
  readonly chainPem: string;
  readonly keyPem: string;
}

const openssl = (...args: string[]) => execa("openssl", args);

/** A throwaway CA, made with the real openssl. */
export async function makeCa(dir: string, name: string): Promise<TestCa> {
  const keyFile = path.join(dir, `${name}.key`);
  const certFile = path.join(dir, `${name}.crt`);
  await openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", keyFile, "-out", certFile, "-days", "30", "-subj", `/CN=${name}`);
  return { certFile, keyFile, pem: await readFile(certFile, "utf8") };
}

/** A leaf for `names` (the first is the CN) signed by `ca`, valid `days` from now, with a key of `keyType`. */
export async function makeLeaf(dir: string, ca: TestCa, names: readonly string[], options: { days?: number; keyType?: "ec" | "rsa"; id: string }): Promise<TestLeaf> {
  const p = (f: string) => path.join(dir, `${options.id}.${f}`);
  const keyArgs = options.keyType === "rsa" ? ["-newkey", "rsa:2048"] : ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"];
  await openssl("req", ...keyArgs, "-nodes", "-keyout", p("key"), "-out", p("csr"), "-subj", `/CN=${names[0] ?? "localhost"}`);
  await writeFile(p("ext"), `subjectAltName=${names.map((n) => `DNS:${n}`).join(",")}\n`);
  await openssl("x509", "-req", "-in", p("csr"), "-CA", ca.certFile, "-CAkey", ca.keyFile, "-CAcreateserial", "-out", p("crt"), "-days", String(options.days ?? 30), "-extfile", p("ext"));
  return { chainPem: (await readFile(p("crt"), "utf8")) + ca.pem, keyPem: await readFile(p("key"), "utf8") };
}
