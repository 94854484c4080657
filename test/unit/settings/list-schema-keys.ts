import { z } from "zod";

/** Every object key a schema declares, as dotted paths (`swarm.resolveImage`); union options are merged. */
export function listSchemaKeys(schema: z.ZodType, prefix = ""): string[] {
  const inner = unwrap(schema);
  if (inner instanceof z.ZodObject) {
    const shape = inner.shape as Record<string, z.ZodType>;
    return Object.entries(shape).flatMap(([key, child]) => {
      const path = prefix === "" ? key : `${prefix}.${key}`;
      return [path, ...listSchemaKeys(child, path)];
    });
  }
  if (inner instanceof z.ZodArray) return listSchemaKeys(inner.element as z.ZodType, prefix);
  if (inner instanceof z.ZodUnion) return [...new Set((inner.options as z.ZodType[]).flatMap((o) => listSchemaKeys(o, prefix)))];
  return [];
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodDefault || current instanceof z.ZodPrefault) current = current.unwrap() as z.ZodType;
    else if (current instanceof z.ZodPipe) current = current.in as z.ZodType;
    else return current;
  }
}
