import { z } from "zod";

const HostRule = z
  .string()
  .regex(/^Host\(`[^`]+`\)( \|\| Host\(`[^`]+`\))*$/, "must be Host(`name`) joined by ||")
  .describe("Router rule: one or more Host() matchers.");

/** One router of the file provider. */
export const TraefikRouter = z.strictObject({
  /** The matcher. */
  rule: HostRule,
  /** A service of this file, or `api@internal` for the dashboard. */
  service: z.string().min(1).describe("Service name."),
  /** Entry points defined in the static configuration. */
  entryPoints: z.array(z.string().min(1)).min(1).describe("Entry points."),
});

/** A load-balanced service with one or more backend URLs. */
export const TraefikService = z.strictObject({
  loadBalancer: z.strictObject({
    /** Backends, `http(s)://ip:port`. */
    servers: z.array(z.strictObject({ url: z.url({ protocol: /^https?$/ }).describe("Backend URL.") })).min(1),
    /** Keep the client's Host header (backends route on it). */
    passHostHeader: z.boolean().describe("Pass the Host header to the backend."),
    /** `<name>@file` of a serversTransport below, for https backends. */
    serversTransport: z.string().min(1).optional().describe("Transport for https backends."),
  }),
});

/** How Traefik verifies https backends: against the internal CA's root. */
export const TraefikServersTransport = z.strictObject({
  insecureSkipVerify: z.literal(false).describe("Never skip verification."),
  rootCAs: z.array(z.string().startsWith("/")).min(1).describe("Root CA files inside the Traefik container."),
});

/** A certificate and key inside the Traefik container. */
export const TraefikCertificate = z.strictObject({
  certFile: z.string().startsWith("/").describe("PEM certificate (chain) file."),
  keyFile: z.string().startsWith("/").describe("PEM private key file."),
});

/**
 * The dynamic configuration Phoenix writes for Traefik's file provider. Strict:
 * an unknown key is a Phoenix bug, not something to pass through. The
 * cross-references Traefik resolves at runtime are checked here too.
 */
export const TraefikDynamicConfig = z
  .strictObject({
    http: z.strictObject({
      routers: z.record(z.string().regex(/^[A-Za-z0-9_.-]+$/), TraefikRouter),
      services: z.record(z.string().regex(/^[A-Za-z0-9_.-]+$/), TraefikService).optional(),
      serversTransports: z.record(z.string().regex(/^[A-Za-z0-9_.-]+$/), TraefikServersTransport).optional(),
    }),
    tls: z.strictObject({ certificates: z.array(TraefikCertificate).min(1) }).optional(),
  })
  .superRefine((config, ctx) => {
    const services = config.http.services ?? {};
    const transports = config.http.serversTransports ?? {};
    for (const [name, router] of Object.entries(config.http.routers)) {
      if (!router.service.endsWith("@internal") && !(router.service in services))
        ctx.addIssue({ code: "custom", path: ["http", "routers", name, "service"], message: `unknown service "${router.service}"` });
    }
    for (const [name, service] of Object.entries(services)) {
      const transport = service.loadBalancer.serversTransport;
      if (transport !== undefined && !(transport.replace(/@file$/, "") in transports))
        ctx.addIssue({ code: "custom", path: ["http", "services", name, "loadBalancer", "serversTransport"], message: `unknown serversTransport "${transport}"` });
    }
  });
export type TraefikDynamicConfig = z.infer<typeof TraefikDynamicConfig>;
