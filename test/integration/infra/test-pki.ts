import { writeFile } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";

export interface TestPki {
  readonly caCert: string;
  readonly leafCert: string;
  readonly leafKey: string;
}

/** A throwaway CA and a leaf certificate for `names`, made with the real openssl. */
export async function makeTestPki(dir: string, names: readonly string[]): Promise<TestPki> {
  const p = (f: string) => path.join(dir, f);
  const openssl = (...args: string[]) => execa("openssl", args);
  await openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", p("ca.key"), "-out", p("ca.crt"), "-days", "1", "-subj", "/CN=Phoenix Test CA");
  await openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", p("leaf.key"), "-out", p("leaf.csr"), "-subj", `/CN=${names[0] ?? "localhost"}`);
  await writeFile(p("leaf.ext"), `subjectAltName=${names.map((n) => `DNS:${n}`).join(",")}\nextendedKeyUsage=serverAuth\n`);
  await openssl("x509", "-req", "-in", p("leaf.csr"), "-CA", p("ca.crt"), "-CAkey", p("ca.key"), "-CAcreateserial", "-out", p("leaf.crt"), "-days", "1", "-extfile", p("leaf.ext"));
  return { caCert: p("ca.crt"), leafCert: p("leaf.crt"), leafKey: p("leaf.key") };
}
