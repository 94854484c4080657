import { describe, expect, it } from "vitest";
import { SourceError } from "../../../src/errors.js";
import { createSourceError, maskSecrets } from "../../../src/source/source-error.js";

describe("maskSecrets", () => {
  it("masks a secret in plain, URL-encoded and base64 form", () => {
    const secret = "ghs_a/b+c";
    const text = `plain ${secret} url ${encodeURIComponent(secret)} basic ${Buffer.from(secret).toString("base64")}`;
    const masked = maskSecrets(text, [secret]);
    expect(masked).toBe("plain [masked] url [masked] basic [masked]");
  });

  it("ignores empty secrets", () => {
    expect(maskSecrets("abc", [""])).toBe("abc");
  });
});

describe("createSourceError", () => {
  it("is a SourceError of the source stage whose message, hint and cause carry no secret", () => {
    const cause = Object.assign(new Error("request with token tok123 failed"), { code: "HttpError", data: { headers: { authorization: "tok123" } } });
    const err = createSourceError("SOURCE_FETCH_FAILED", "fetch tok123 failed", { cause, secrets: ["tok123"], hint: "token tok123", file: "x" });
    expect(err).toBeInstanceOf(SourceError);
    expect(err).toMatchObject({ stage: "source", code: "SOURCE_FETCH_FAILED", file: "x", hint: "token [masked]", message: "fetch [masked] failed" });
    expect(err.cause).toMatchObject({ message: "request with token [masked] failed", code: "HttpError" });
    expect(JSON.stringify(err.cause, Object.getOwnPropertyNames(err.cause))).not.toContain("tok123");
    expect((err.cause as { data?: unknown }).data).toBeUndefined();
  });
});
