import { createRequire } from "node:module";

interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly oneOf?: readonly JsonSchema[];
  readonly anyOf?: readonly JsonSchema[];
  readonly allOf?: readonly JsonSchema[];
  readonly nullable?: boolean;
  readonly enum?: readonly unknown[];
}

interface Operation {
  readonly operationId: string;
  readonly requestBody?: { readonly required?: boolean; readonly content?: Readonly<Record<string, { readonly schema?: JsonSchema }>> };
}

/** One operation of the api.github.com description, matched by path template and method. */
export interface OpenApiRoute {
  readonly method: string;
  readonly template: string;
  readonly operationId: string;
  readonly pattern: RegExp;
  readonly literalSegments: number;
  readonly bodySchema: JsonSchema | undefined;
  readonly bodyRequired: boolean;
}

type Document = { readonly paths: Readonly<Record<string, Readonly<Record<string, Operation>>>> };

let cached: OpenApiRoute[] | undefined;

/** Every operation of `@octokit/openapi`'s api.github.com description (dereferenced), most specific templates first. */
export function loadOpenApiRoutes(): OpenApiRoute[] {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const openapi = require("@octokit/openapi") as { schemas: Record<string, Document> };
  const doc = openapi.schemas["api.github.com.deref"];
  if (!doc) throw new Error("@octokit/openapi has no api.github.com.deref description");
  const routes: OpenApiRoute[] = [];
  for (const [template, methods] of Object.entries(doc.paths)) {
    const segments = template.split("/").filter((s) => s !== "");
    const pattern = new RegExp(`^/${segments.map((s) => (s.startsWith("{") ? "([^/]+)" : s.replace(/[.*+?^$()|[\]\\]/g, "\\$&"))).join("/")}$`);
    for (const [method, operation] of Object.entries(methods)) {
      if (!operation.operationId) continue;
      routes.push({
        method: method.toUpperCase(),
        template,
        operationId: operation.operationId,
        pattern,
        literalSegments: segments.filter((s) => !s.startsWith("{")).length,
        bodySchema: operation.requestBody?.content?.["application/json"]?.schema,
        bodyRequired: operation.requestBody?.required === true,
      });
    }
  }
  cached = routes.sort((a, b) => b.literalSegments - a.literalSegments);
  return cached;
}

export function findOpenApiRoute(method: string, path: string): OpenApiRoute | undefined {
  return loadOpenApiRoutes().find((r) => r.method === method && r.pattern.test(path));
}

/** Problems of a JSON body against the operation's schema: required properties, and the types of the top-level ones. */
export function checkRequestBody(route: OpenApiRoute, body: unknown): string[] {
  const schema = route.bodySchema;
  if (!schema) return body === undefined ? [] : [`${route.operationId} takes no JSON body`];
  if (body === undefined) return route.bodyRequired ? [`${route.operationId}: body required`] : [];
  if (body === null || typeof body !== "object" || Array.isArray(body)) return [`${route.operationId}: body must be an object`];
  // A variant adds its own properties and required keys to the top-level ones (checks/update: `completed` requires `conclusion`).
  const variants = (schema.oneOf ?? schema.anyOf ?? [{}]).map((v) => ({
    ...v,
    properties: { ...schema.properties, ...v.properties },
    required: [...(schema.required ?? []), ...(v.required ?? [])],
  }));
  const results = variants.map((variant) => checkObject(variant, body as Record<string, unknown>));
  return results.some((r) => r.length === 0) ? [] : (results[0] ?? []).map((p) => `${route.operationId}: ${p}`);
}

function checkObject(schema: JsonSchema, body: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const merged = schema.allOf ? Object.assign({}, ...schema.allOf.map((s) => s.properties ?? {})) as Record<string, JsonSchema> : schema.properties ?? {};
  const required = [...(schema.required ?? []), ...(schema.allOf ?? []).flatMap((s) => s.required ?? [])];
  for (const key of required) if (!(key in body)) problems.push(`missing required property ${key}`);
  for (const [key, value] of Object.entries(body)) {
    const property = merged[key];
    if (!property) {
      problems.push(`unknown property ${key}`);
      continue;
    }
    if (!matchesType(property, value)) problems.push(`property ${key} has the wrong type (${describeType(value)})`);
    if (property.enum && !property.enum.includes(value) && !(value === null && property.nullable)) problems.push(`property ${key} is not one of ${JSON.stringify(property.enum)}`);
  }
  return problems;
}

function matchesType(schema: JsonSchema, value: unknown): boolean {
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives) return alternatives.some((s) => matchesType(s, value));
  if (value === null) return schema.nullable === true || schema.type === "null" || (Array.isArray(schema.type) && schema.type.includes("null"));
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.length === 0) return true;
  return types.some((t) => {
    if (t === "integer") return Number.isInteger(value);
    if (t === "number") return typeof value === "number";
    if (t === "array") return Array.isArray(value);
    if (t === "object") return typeof value === "object" && !Array.isArray(value);
    return typeof value === t;
  });
}

function describeType(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
}
