import { describe, expect, it } from "vitest";
import { renderNginxGateway } from "../../../src/infra/nginx/render-nginx-gateway.js";
import { toInfraRenderOptions } from "../../../src/pipeline/infra-deployments.js";
import { RepoSettings } from "../../../src/settings/repo-settings.js";
import { buildReferenceLikeState } from "../infra/desired-state-fixture.js";

const certificates = (challenge: string) => ({ directoryUrl: "https://ca.example.test/dir", accountKey: "/etc/phoenix/acme.key", challenge });

describe("the gateway's ACME path with HTTP-01", () => {
  it("serves Phoenix's tokens from the webroot first and passes any other challenge to Traefik", () => {
    const options = toInfraRenderOptions(RepoSettings.parse({ certificates: certificates("http-01") }));
    expect(options.nginx).toEqual({ acmeWebroot: "/var/lib/phoenix/acme-challenge" });
    const site = renderNginxGateway(buildReferenceLikeState(), options.nginx).files[0]?.content ?? "";
    const http = site.slice(site.indexOf("listen 80"), site.indexOf("listen 443"));
    expect(http).toContain(
      [
        "    location /.well-known/acme-challenge/ {",
        "        root /var/lib/phoenix/acme-challenge;",
        "        try_files $uri @phoenix_acme_traefik;",
        "    }",
        "",
        "    location @phoenix_acme_traefik {",
        "        proxy_pass http://10.0.0.12:80;",
      ].join("\n"),
    );
  });

  it("renders the gateway as before with DNS-01 or without certificates", () => {
    const plain = renderNginxGateway(buildReferenceLikeState()).files[0]?.content;
    for (const settings of [RepoSettings.parse({ certificates: certificates("dns-01") }), RepoSettings.parse({})]) {
      expect(renderNginxGateway(buildReferenceLikeState(), toInfraRenderOptions(settings).nginx).files[0]?.content).toBe(plain);
    }
  });

  it("refuses a webroot that could end the directive, as every renderer refuses such a value", () => {
    for (const webroot of ["/srv/acme;\n    return 200", "relative/path", "/srv/../etc"]) {
      expect(() => renderNginxGateway(buildReferenceLikeState(), { acmeWebroot: webroot })).toThrow(expect.objectContaining({ code: "RENDER_UNSAFE_VALUE" }));
    }
  });
});
