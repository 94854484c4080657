import type { Diagnostic } from "../errors.js";
import { imageReferenceError } from "./check-image-reference.js";
import type { ComposeProject } from "./compose-project.js";
import { toComposeDiagnostic } from "./compose-diagnostic.js";
import { loadComposeFile, type ComposeFileLoad } from "./load-compose-file.js";
import { checkServiceReferences, type ComposeSource } from "./check-service-references.js";
import { findUnsetVariables } from "./find-unset-variables.js";
import { mergeProjects } from "./merge/merge-projects.js";
import {
  DEPRECATED_PROPERTIES,
  UNSUPPORTED_PROPERTIES,
  findServiceProperties,
  formatPropertyExplanations,
  type PropertyUse,
} from "./service-properties.js";
import { compareGoStrings } from "../go/sort.js";
import type { ComposeCompat, ComposeFileInput, LoadComposeOptions, LoadComposeResult } from "./types.js";
import { isYamlMap } from "./yaml/yaml-value.js";

/**
 * The CLI's "Ignoring unsupported/deprecated options" warnings, computed from
 * the raw documents of all files; one diagnostic per option at its first use.
 */
function propertyWarnings(loads: readonly ComposeFileLoad[], files: readonly ComposeFileInput[]): Diagnostic[] {
  const firstUses = (keys: readonly string[]) => {
    const uses = new Map<string, { use: PropertyUse; file: string }>();
    for (const [index, load] of loads.entries()) {
      if (!load.raw || !load.positions) continue;
      for (const use of findServiceProperties(load.raw, keys, load.positions)) {
        if (!uses.has(use.property)) uses.set(use.property, { use, file: files[index]?.path ?? "" });
      }
    }
    return [...uses.values()].sort((a, b) => compareGoStrings(a.use.property, b.use.property));
  };
  const warn = (keys: readonly string[], code: string, format: (property: string) => string) =>
    firstUses(keys).map(({ use, file }) =>
      toComposeDiagnostic(file, use.positions, { severity: "warning", code, message: format(use.property), path: use.path, atKey: true }),
    );
  return [
    ...warn(UNSUPPORTED_PROPERTIES, "COMPOSE_UNSUPPORTED_OPTION", (property) => `Ignoring unsupported options: ${property}`),
    ...warn(Object.keys(DEPRECATED_PROPERTIES), "COMPOSE_DEPRECATED_OPTION", (property) =>
      `Ignoring deprecated options:\n\n${formatPropertyExplanations([property], DEPRECATED_PROPERTIES)}`,
    ),
  ];
}

/** 28.2+ refuses services without a valid image reference before deploying. */
function imageDiagnostics(project: ComposeProject, loads: readonly ComposeFileLoad[], files: readonly ComposeFileInput[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const service of project.services) {
    const error = service.image === "" ? "no image specified" : imageReferenceError(service.image);
    if (error === undefined) continue;
    // Point at the last file that sets the image, else at the first that defines the service.
    const defining = loads.map((load, index) => ({ load, index })).filter(({ load }) => isYamlMap(load.raw?.get("services")));
    const withService = defining.filter(({ load }) => {
      const services = load.raw?.get("services");
      return isYamlMap(services) && services.has(service.name);
    });
    const withImage = withService.filter(({ load }) => {
      const services = load.raw?.get("services");
      const dict = isYamlMap(services) ? services.get(service.name) : undefined;
      return isYamlMap(dict) && dict.has("image");
    });
    const source = withImage[withImage.length - 1] ?? withService[0];
    if (!source?.load.positions) continue;
    const path = withImage.length > 0 ? ["services", service.name, "image"] : ["services", service.name];
    const message = `invalid image reference for service ${service.name}: ${error}`;
    const finding = { severity: "error" as const, code: "COMPOSE_IMAGE_REFERENCE", message, path, atKey: withImage.length === 0 };
    const diagnostic = toComposeDiagnostic(files[source.index]?.path ?? "", source.load.positions, finding);
    // The CLI only warns that `build` is ignored; say why the image is then missing.
    const builds = service.image === "" && service.build.context !== "";
    diagnostics.push(builds ? { ...diagnostic, hint: "docker stack deploy does not build images: build and push the image, then name it in `image`" } : diagnostic);
  }
  return diagnostics;
}

/**
 * Loads compose files the way `docker stack deploy -c a.yml -c b.yml` does
 * before converting them to Swarm specs: each file parsed, version-checked,
 * screened for forbidden keys, interpolated, validated and loaded, then all
 * merged. Unlike the CLI, it keeps going after an error to report every file's
 * problems at once.
 */
export async function loadCompose(files: readonly ComposeFileInput[], options: LoadComposeOptions): Promise<LoadComposeResult> {
  const compat: ComposeCompat = options.compat ?? "28.2";
  if (files.length === 0) {
    const message = compat === "20.10" ? "Please specify a Compose file (with --compose-file)" : "Specify a Compose file (with --compose-file)";
    return { project: undefined, diagnostics: [{ severity: "error", code: "COMPOSE_NO_FILES", stage: "load", message }] };
  }
  const lookup = (name: string) => (Object.hasOwn(options.env, name) ? options.env[name] : undefined);
  const loads: ComposeFileLoad[] = [];
  let firstVersion: string | undefined;
  for (const file of files) {
    const load = await loadComposeFile(file, { compat, lookup, workingDir: options.workingDir, readFile: options.readFile, firstVersion });
    if (loads.length === 0) firstVersion = load.version;
    loads.push(load);
  }
  const diagnostics = loads.flatMap((load) => load.diagnostics);
  diagnostics.push(...propertyWarnings(loads, files));
  const sources: ComposeSource[] = loads.map((load, index) => ({ file: files[index]?.path ?? "", raw: load.raw, positions: load.positions }));
  if (options.preflight) diagnostics.push(...findUnsetVariables(sources, lookup));
  const projects = loads.map((load) => load.project);
  if (diagnostics.some((d) => d.severity === "error") || projects.some((p) => p === undefined)) {
    return { project: undefined, diagnostics };
  }
  const project = mergeProjects(projects as ComposeProject[], compat);
  if (!project) return { project: undefined, diagnostics };
  if (compat === "28.2") {
    const imageErrors = imageDiagnostics(project, loads, files);
    if (imageErrors.length > 0) return { project: undefined, diagnostics: [...diagnostics, ...imageErrors] };
  }
  const referenceErrors = options.preflight ? checkServiceReferences(project, sources) : [];
  if (referenceErrors.length > 0) return { project: undefined, diagnostics: [...diagnostics, ...referenceErrors] };
  return { project, diagnostics };
}
