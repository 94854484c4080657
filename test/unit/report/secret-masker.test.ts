import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readProcessSecretValues } from "../../../src/secrets/process-secrets.js";
import { createSecretMasker, SENSITIVE_TEXT, splitSecretContent } from "../../../src/secrets/secret-masker.js";

/** The obvious algorithm: at each position, the longest value that starts there. */
function maskNaively(text: string, values: readonly string[]): string {
  const sorted = [...values].filter((v) => v.length >= 4).sort((a, b) => b.length - a.length);
  let out = "";
  for (let i = 0; i < text.length; ) {
    const found = sorted.find((v) => text.startsWith(v, i));
    if (found === undefined) out += text[i++];
    else {
      out += SENSITIVE_TEXT;
      i += found.length;
    }
  }
  return out;
}

describe("SecretMasker", () => {
  it("replaces every occurrence of a value, inside longer strings too", () => {
    const masker = createSecretMasker(["hunter22"]);
    expect(masker.maskText("postgres://app:hunter22@db/app?x=hunter22")).toBe(`postgres://app:${SENSITIVE_TEXT}@db/app?x=${SENSITIVE_TEXT}`);
    expect(masker.maskText("nothing here")).toBe("nothing here");
  });

  it("masks the longest value first where two start at the same place", () => {
    const masker = createSecretMasker(["abcd", "abcdefgh"]);
    expect(masker.maskText("xabcdefghx abcdx")).toBe(`x${SENSITIVE_TEXT}x ${SENSITIVE_TEXT}x`);
  });

  it("leaves values shorter than 4 characters to the field rule", () => {
    const masker = createSecretMasker(["abc", "on"]);
    expect(masker.size).toBe(0);
    expect(masker.maskText("abc on")).toBe("abc on");
  });

  it("masks the JSON-escaped, Go-quoted and URL-encoded forms of a value", () => {
    const value = 'p"a\\ss w\x01rd/é';
    const masker = createSecretMasker([value]);
    const json = JSON.stringify({ password: value });
    expect(masker.maskText(json)).toBe(`{"password":"${SENSITIVE_TEXT}"}`);
    expect(masker.maskText('strconv.Atoi: parsing "p\\"a\\\\ss w\\x01rd/é": invalid syntax')).toBe(`strconv.Atoi: parsing "${SENSITIVE_TEXT}": invalid syntax`);
    expect(masker.maskText(`https://u:${encodeURIComponent(value)}@host`)).toBe(`https://u:${SENSITIVE_TEXT}@host`);
  });

  it("agrees with the naive algorithm on any text and values", () => {
    const alphabet = fc.constantFrom("a", "b", "c", "\\", '"', "é", "\n");
    const word = fc.array(alphabet, { minLength: 1, maxLength: 9 }).map((chars) => chars.join(""));
    fc.assert(
      fc.property(fc.array(word, { maxLength: 6 }), fc.array(alphabet, { maxLength: 80 }), (values, chars) => {
        // Only the raw forms: the naive algorithm knows no encodings.
        const plain = values.filter((v) => /^[abc]+$/.test(v));
        const text = chars.join("");
        expect(createSecretMasker(plain).maskText(text)).toBe(maskNaively(text, plain));
      }),
    );
  });

  it("masks strings and keys at any depth, and turns class instances into masked text", () => {
    const masker = createSecretMasker(["s3cret-value"]);
    const shared = { note: "s3cret-value" };
    const value = { a: ["x s3cret-value y", 3, null, undefined, shared, shared], "s3cret-value": true, e: new Error("bad s3cret-value"), m: new Map([["k", "s3cret-value"]]) };
    expect(masker.maskDeep(value)).toEqual({
      a: [`x ${SENSITIVE_TEXT} y`, 3, null, undefined, { note: SENSITIVE_TEXT }, { note: SENSITIVE_TEXT }],
      [SENSITIVE_TEXT]: true,
      e: `Error: bad ${SENSITIVE_TEXT}`,
      m: new Map([["k", SENSITIVE_TEXT]]),
    });
    const cyclic: Record<string, unknown> = { s: "s3cret-value" };
    cyclic.self = cyclic;
    expect(masker.maskDeep(cyclic)).toEqual({ s: SENSITIVE_TEXT, self: "[Circular]" });
  });

  it("masks values added after it was made, and drops the oldest beyond its limit", () => {
    const masker = createSecretMasker(["first-value"], { limit: 2 });
    expect(masker.maskText("second-value")).toBe("second-value");
    masker.add(["second-value"]);
    expect(masker.maskText("second-value")).toBe(SENSITIVE_TEXT);
    masker.add(["first-value", "third-value"]);
    expect(masker.values()).toEqual(["first-value", "third-value"]);
    expect(masker.maskText("second-value")).toBe("second-value");
  });

  it("masks a diagnostic's message, hint and path", () => {
    const masker = createSecretMasker(["CANARY-SECRET-91d2"]);
    const masked = masker.maskDiagnostic({ severity: "error", code: "X", stage: "load", message: 'parsing "CANARY-SECRET-91d2"', hint: "was CANARY-SECRET-91d2", path: "a" });
    expect(JSON.stringify(masked)).not.toContain("CANARY");
    expect(masked.code).toBe("X");
  });

  it("splits a secret file and a PEM key into lines long enough to be masked alone", () => {
    expect(splitSecretContent("line-one-long\n}\ntrue\n")).toEqual(["line-one-long\n}\ntrue\n", "line-one-long"]);
    const key = "-----BEGIN KEY-----\\nMIIEowIBAAKCAQEA1234\\n-----END KEY-----";
    expect(readProcessSecretValues({ PRIVATE_KEY: key, HOME: "/root", GH_TOKEN: " " })).toContain("MIIEowIBAAKCAQEA1234");
    expect(readProcessSecretValues({ HOME: "/root", SOME_KEY: "true" })).toEqual([]);
  });

  it("masks a 200-stack plan's worth of text quickly, whatever the number of values", () => {
    const values = Array.from({ length: 5_000 }, (_, i) => `v${i.toString(36)}-${(i * 7919).toString(36)}-secret`);
    const masker = createSecretMasker(values);
    const line = 'image: phoenix-test/busybox:1 → phoenix-test/busybox:2, labels["traefik.http.routers.api.rule"]: Host(`api.internal.example.test`)\n';
    const text = line.repeat(Math.ceil(1_000_000 / line.length)) + values[4_321];
    masker.maskText("warm up");
    const started = performance.now();
    const masked = masker.maskText(text);
    const elapsed = performance.now() - started;
    expect(masked.endsWith(SENSITIVE_TEXT)).toBe(true);
    // About 30 ms on the development machine; a regular expression alternating the values takes seconds.
    expect(elapsed).toBeLessThan(1_000);
  });
});
