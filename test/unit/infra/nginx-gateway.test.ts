import { describe, expect, it } from "vitest";
import { renderNginxGateway } from "../../../src/infra/nginx/render-nginx-gateway.js";
import { buildReferenceLikeState } from "./desired-state-fixture.js";

describe("renderNginxGateway", () => {
  const site = renderNginxGateway(buildReferenceLikeState()).files[0]?.content ?? "";

  it("makes both servers default_server, so a placeholder site cannot catch the traffic", () => {
    expect(site).toContain("    listen 80 default_server;\n");
    expect(site).toContain("    listen 443 ssl http2 default_server;\n");
  });

  it("proxies ACME challenges on port 80 to Traefik and redirects the rest to HTTPS", () => {
    const http = site.slice(site.indexOf("listen 80"), site.indexOf("listen 443"));
    expect(http).toMatch(/location \/\.well-known\/acme-challenge\/ \{\n\s+proxy_pass http:\/\/10\.0\.0\.12:80;/);
    expect(http).toContain("return 301 https://$host$request_uri;");
  });

  it("terminates TLS with the certificate that covers the gateway, seen through the container's mount", () => {
    expect(site).toContain("ssl_certificate /etc/nginx/ssl/nginx.internal.example.test.crt;\n");
    expect(site).toContain("ssl_certificate_key /etc/nginx/ssl/nginx.internal.example.test.key;\n");
  });

  it("proxies to Traefik with WebSocket upgrades and the forwarding headers", () => {
    const https = site.slice(site.indexOf("listen 443"));
    for (const line of [
      "proxy_pass http://10.0.0.12:80;",
      "proxy_http_version 1.1;",
      "proxy_set_header Upgrade $http_upgrade;",
      "proxy_set_header Connection $phoenix_connection_upgrade;",
      "proxy_set_header Host $host;",
      "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
      "proxy_set_header X-Forwarded-Proto $scheme;",
    ])
      expect(https).toContain(line);
    expect(site).toContain("map $http_upgrade $phoenix_connection_upgrade {\n    default upgrade;\n    ''      close;\n}");
  });

  it("names every host that DNS sends to the gateway", () => {
    expect(site).toContain(
      "    server_name\n        granite-embedding.internal.example.test\n        nginx-phoenix.internal.example.test\n        nginx.internal.example.test\n        portainer.internal.example.test\n        qdrant.internal.example.test\n        traefik.internal.example.test;\n",
    );
  });

  it("takes listen addresses, the proxy URL and the certificate from options", () => {
    const text =
      renderNginxGateway(buildReferenceLikeState(), {
        httpListen: "127.0.0.1:18080",
        httpsListen: "127.0.0.1:18443",
        proxyUrl: "http://127.0.0.1:18000",
        certificate: { certPath: "/tmp/c.pem", keyPath: "/tmp/k.pem" },
      }).files[0]?.content ?? "";
    expect(text).toContain("listen 127.0.0.1:18080 default_server;");
    expect(text).toContain("listen 127.0.0.1:18443 ssl http2 default_server;");
    expect(text.match(/proxy_pass http:\/\/127\.0\.0\.1:18000;/g)).toHaveLength(2);
    expect(text).toContain("ssl_certificate /tmp/c.pem;");
  });

  it("renders nothing, with a reason, when no certificate covers the gateway or it is not mounted", () => {
    const none = renderNginxGateway(buildReferenceLikeState({ certificates: [] }));
    expect(none.files).toEqual([]);
    expect(none.warnings.map((w) => w.code)).toEqual(["NGINX_NO_CERTIFICATE"]);
    const unmounted = renderNginxGateway(
      buildReferenceLikeState({ certificates: [{ common_name: "nginx.internal.example.test", cert_path: "/elsewhere/c.crt", key_path: "/elsewhere/c.key" }] }),
    );
    expect(unmounted.warnings.map((w) => w.code)).toEqual(["NGINX_CERTIFICATE_NOT_MOUNTED"]);
  });

  it("accepts a wildcard certificate for the gateway", () => {
    const text =
      renderNginxGateway(
        buildReferenceLikeState({
          certificates: [
            { common_name: "*.internal.example.test", cert_path: "/mnt/pve/quickOS/lxc-persistent-data/101/ssl/w.crt", key_path: "/mnt/pve/quickOS/lxc-persistent-data/101/ssl/w.key" },
          ],
        }),
      ).files[0]?.content ?? "";
    expect(text).toContain("ssl_certificate /etc/nginx/ssl/w.crt;");
  });
});
