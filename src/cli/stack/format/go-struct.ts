import type { GoStruct, GoValue } from "../../../go/template/go-template.js";

/**
 * A docker formatter context as the template sees it: its exported methods
 * are the fields (`{{.Name}}`), and `{{json .}}` is every one of them
 * (docker/cli `formatter.MarshalJSON`, keys sorted as Go sorts map keys).
 */
export function createGoStruct(goType: string, fields: Readonly<Record<string, () => GoValue>>): GoStruct {
  return {
    goType,
    fields,
    json: () => Object.fromEntries(Object.entries(fields).map(([name, read]) => [name, read()])),
  };
}

/** `stringid.TruncateID`: the part after any `algo:` prefix, 12 characters. */
export function truncateId(id: string): string {
  const colon = id.indexOf(":");
  const bare = colon === -1 ? id : id.slice(colon + 1);
  return bare.length > 12 ? bare.slice(0, 12) : bare;
}
