import type { Diagnostic } from "../errors.js";
import type { Origin, StackAssignment, TraefikService } from "./desired-state.js";
import type { LoadedGuest } from "./loaded-guest.js";
import type { StackDraft } from "./stack-draft.js";
import { Port } from "./schemas/primitives.js";
import { findRouterPort, parseTraefikLabels } from "./parse-traefik-labels.js";
import { diagnosticAtOrigin, formatOrigin } from "./origin.js";
import { describeGuest } from "./check-guests.js";

export interface TraefikInputs {
  readonly guests: readonly LoadedGuest[];
  readonly domain: string;
  readonly stacks: readonly StackDraft[];
  readonly assignments: readonly StackAssignment[];
  readonly defaultEnvironment: string;
}

/**
 * Every declared Traefik route: guest `traefik_service`s (file provider,
 * `<name>.<domain>`), then stack routers from `traefik_labels` (swarm
 * provider) of each environment the stack is assigned to, or of the default
 * environment when it is not assigned. Names must be unique within each
 * provider; Traefik namespaces the two (`x@file`, `x@swarm`).
 */
export function collectTraefikServices(inputs: TraefikInputs): { services: TraefikService[]; diagnostics: Diagnostic[] } {
  const guestRoutes = collectGuestRoutes(inputs);
  const stackRoutes = collectStackRoutes(inputs);
  return { services: [...guestRoutes.services, ...stackRoutes.services], diagnostics: [...guestRoutes.diagnostics, ...stackRoutes.diagnostics] };
}

function collectGuestRoutes({ guests, domain }: TraefikInputs): { services: TraefikService[]; diagnostics: Diagnostic[] } {
  const services: TraefikService[] = [];
  const diagnostics: Diagnostic[] = [];
  const names = new Map<string, LoadedGuest>();
  for (const loaded of guests) {
    const { guest, traefikOrigin } = loaded;
    const service = guest.traefikService;
    if (!service || !traefikOrigin) continue;
    const first = names.get(service.name.toLowerCase());
    if (first?.traefikOrigin) {
      diagnostics.push(
        diagnosticAtOrigin(traefikOrigin, {
          code: "CONFIG_DUPLICATE_TRAEFIK_NAME",
          message: `Traefik service name "${service.name}" is already used by ${describeGuest(first)} at ${formatOrigin(first.traefikOrigin)}`,
        }),
      );
      continue;
    }
    names.set(service.name.toLowerCase(), loaded);
    if (guest.ip === undefined) {
      diagnostics.push(
        diagnosticAtOrigin(traefikOrigin, {
          severity: "warning",
          code: "CONFIG_TRAEFIK_NO_ADDRESS",
          message: `no route for "${service.name}": ${describeGuest(loaded)} has no static address`,
        }),
      );
      continue;
    }
    // The legacy generator chose the scheme by guest kind; `scheme` overrides it.
    const scheme = service.scheme === "http" || service.scheme === "https" ? service.scheme : guest.kind === "vm" ? "https" : "http";
    services.push({
      name: service.name,
      hosts: [`${service.name}.${domain}`],
      backend: { kind: "guest", guestId: guest.id, ip: guest.ip, port: service.port, scheme },
      origin: traefikOrigin,
    });
  }
  return { services, diagnostics };
}

function collectStackRoutes({ stacks, assignments, defaultEnvironment }: TraefikInputs): { services: TraefikService[]; diagnostics: Diagnostic[] } {
  const services: TraefikService[] = [];
  const diagnostics: Diagnostic[] = [];
  const routers = new Map<string, { stack: string; environment: string; origin: Origin }>();
  for (const stack of stacks) {
    const assigned = assignments.filter((a) => a.stack === stack.name).map((a) => a.environment);
    const environments = new Set(assigned.length > 0 ? assigned : [defaultEnvironment]);
    for (const name of environments) {
      const environment = stack.environments.get(name);
      if (!environment) continue;
      for (const [service, { traefikLabels, labelOrigins }] of environment.services) {
        const parsed = parseTraefikLabels(traefikLabels);
        const originOfLabel = (i: number): Origin => labelOrigins[i] ?? stack.origin;
        for (const { labelIndex, value } of parsed.ports.values())
          if (!Port.safeParse(Number(value)).success || !/^\d+$/.test(value))
            diagnostics.push(
              diagnosticAtOrigin(originOfLabel(labelIndex), { code: "CONFIG_TRAEFIK_PORT", message: `server port must be a port number between 1 and 65535, got "${value}"` }),
            );
        for (const router of parsed.routers) {
          const origin = originOfLabel(router.labelIndex);
          const first = routers.get(router.router);
          if (first) {
            diagnostics.push(
              diagnosticAtOrigin(origin, {
                code: "CONFIG_DUPLICATE_TRAEFIK_NAME",
                message: `Traefik router "${router.router}" is already declared by stack ${first.stack} (${first.environment}) at ${formatOrigin(first.origin)}`,
              }),
            );
            continue;
          }
          routers.set(router.router, { stack: stack.name, environment: name, origin });
          const port = Number(findRouterPort(router, parsed.ports)?.value);
          services.push({
            name: router.router,
            hosts: router.hosts,
            backend: { kind: "stack", stack: stack.name, service, port: Port.safeParse(port).success ? port : undefined },
            origin,
          });
        }
      }
    }
  }
  return { services, diagnostics };
}
