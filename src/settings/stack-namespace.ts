/**
 * The Swarm stack name (`com.docker.stack.namespace`) a stack is deployed as,
 * from the `stackNamespace` template of the repo settings. Every object of a
 * stack is named `<namespace>_<key>`, so the namespace must stay within the
 * characters Swarm accepts in service names.
 */

/** The names a template may use: the stack (directory) name and the environment of its assignment. */
export const STACK_NAMESPACE_PLACEHOLDERS = ["stack", "env"] as const;
export type StackNamespacePlaceholder = (typeof STACK_NAMESPACE_PLACEHOLDERS)[number];

export const DEFAULT_STACK_NAMESPACE = "{stack}";

const PLACEHOLDER = /\{([^{}]*)\}/g;
const LITERAL = /^[A-Za-z0-9_-]*$/;

/** Why a template cannot be used, or undefined when it is valid. */
export function checkStackNamespaceTemplate(template: string): string | undefined {
  const names = [...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? "");
  const unknown = names.find((n) => !(STACK_NAMESPACE_PLACEHOLDERS as readonly string[]).includes(n));
  if (unknown !== undefined) return `unknown placeholder {${unknown}}: use {stack} and {env}`;
  // Without the stack name every stack would share one namespace and remove the others' services.
  if (!names.includes("stack")) return "must contain {stack}";
  const literal = template.replace(PLACEHOLDER, "");
  if (!LITERAL.test(literal)) return "may contain only letters, digits, _ and - besides {stack} and {env}";
  if (/^[_-]/.test(template)) return "must start with a letter, a digit or a placeholder";
  return undefined;
}

/** `{env}_{stack}` with stack `app` in environment `production` → `production_app`. */
export function resolveStackNamespace(template: string, names: { readonly stack: string; readonly environment: string }): string {
  return template.replace(PLACEHOLDER, (_, name: string) => (name === "env" ? names.environment : names.stack));
}
