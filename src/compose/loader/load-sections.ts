import type { ComposeProject, ComposeService } from "../compose-project.js";
import { isYamlMap, type YamlMap } from "../yaml/yaml-value.js";
import { extrasOf, mapOrEmpty } from "./decode-values.js";
import type { LoadContext } from "./load-context.js";
import { loadService } from "./load-service.js";
import { loadFileObjects, loadNetworks, loadVolumes } from "./load-top-level.js";

/** `loadSections`: a validated, interpolated document into typed structures. */
export async function loadSections(ctx: LoadContext, root: YamlMap): Promise<ComposeProject> {
  const services: ComposeService[] = [];
  for (const [name, dict] of mapOrEmpty(root.get("services"))) {
    if (isYamlMap(dict)) services.push(await loadService(ctx, name, dict, ["services", name]));
  }
  return {
    version: ctx.version,
    services,
    networks: loadNetworks(ctx, mapOrEmpty(root.get("networks"))),
    volumes: loadVolumes(ctx, mapOrEmpty(root.get("volumes"))),
    secrets: await loadFileObjects(ctx, mapOrEmpty(root.get("secrets")), "secret"),
    configs: await loadFileObjects(ctx, mapOrEmpty(root.get("configs")), "config"),
    extras: extrasOf(root),
    workingDir: ctx.workingDir,
  };
}
