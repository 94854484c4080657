import { parseDocument } from "yaml";
import { TraefikDynamicConfig } from "./traefik-dynamic-config.js";

/**
 * Traefik has no offline checker for dynamic configuration, so the generated
 * file is held to a strict schema: valid YAML without duplicate keys, no
 * unknown fields, every referenced service and transport defined.
 */
export function validateTraefikConfig(text: string): string[] {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) return doc.errors.map((e) => `YAML: ${e.message}`);
  const result = TraefikDynamicConfig.safeParse(doc.toJS());
  if (result.success) return [];
  return result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
}
