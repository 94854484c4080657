import type { ComposeCompat } from "../../../../src/compose/compose-compat.js";
import { convertStack, type ConvertStackResult } from "../../../../src/compose/convert/convert-stack.js";
import type { ContainerSpec, ServiceSpec } from "../../../../src/engine/engine-service-spec.js";
import { loadTexts, projectOf, serviceYaml, type LoadOptions } from "../load-helper.js";

export const STACK = "st";

/** Loads compose text (20.10 loader unless told) and converts it for stack `st`. */
export async function convertText(text: string, options: LoadOptions & { convertCompat?: ComposeCompat } = {}): Promise<ConvertStackResult> {
  const compat = options.convertCompat ?? options.compat ?? "20.10";
  const project = projectOf(await loadTexts(text, { ...options, compat }));
  return convertStack(project, STACK, { compat });
}

/** The spec of service `a` defined by `lines` under a minimal 3.9 file. */
export async function convertServiceLines(lines: string, options: Parameters<typeof convertText>[1] = {}): Promise<ServiceSpec> {
  const result = await convertText(serviceYaml(lines), options);
  const errors = result.diagnostics.map((d) => d.message);
  if (errors.length > 0) throw new Error(`unexpected conversion errors: ${errors.join("; ")}`);
  const spec = result.spec.services.find((s) => s.Name === `${STACK}_a`);
  if (spec === undefined) throw new Error("service a not converted");
  return spec;
}

export async function containerOf(lines: string, options: Parameters<typeof convertText>[1] = {}): Promise<ContainerSpec> {
  const container = (await convertServiceLines(lines, options)).TaskTemplate.ContainerSpec;
  if (container === undefined) throw new Error("no container spec");
  return container;
}

/** The conversion error messages of a file (which must load). */
export async function conversionErrors(text: string, options: Parameters<typeof convertText>[1] = {}): Promise<string[]> {
  return (await convertText(text, options)).diagnostics.filter((d) => d.severity === "error").map((d) => d.message);
}
