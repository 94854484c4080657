import { z } from "zod";
import { ONE_LINE_CHARACTER } from "./primitives.js";
import { checkTraefikRule } from "./traefik-rule.js";

const LABEL_KEY = "[A-Za-z0-9][A-Za-z0-9._/-]{0,254}";
/** Key (255) + `=` + value (4096). */
const LABEL_MAX = 4352;
const LABEL = new RegExp(`^(${LABEL_KEY})=(${ONE_LINE_CHARACTER}{0,4096})$`);

const NAME = "[A-Za-z0-9_.-]+";
const NAME_WITH_PROVIDER = `${NAME}(?:@[A-Za-z0-9_-]+)?`;
const list = (item: string) => new RegExp(`^${item}(?: *, *${item})*$`);

/**
 * Values of the Traefik labels Phoenix can read, by key (Traefik matches keys
 * case-insensitively). Other keys are held to one line only: their values
 * (header values, basic-auth hashes with `$`) are free text to Traefik.
 */
const VALUE_FORMATS: readonly { key: RegExp; value: RegExp; message: string }[] = [
  { key: /\.routers\.[^.]+\.entrypoints$/i, value: list(NAME), message: "must be entry point names separated by commas, such as web,websecure" },
  { key: /\.routers\.[^.]+\.middlewares$/i, value: list(NAME_WITH_PROVIDER), message: "must be middleware names separated by commas, such as auth or auth@file" },
  { key: /\.routers\.[^.]+\.service$/i, value: new RegExp(`^${NAME_WITH_PROVIDER}$`), message: "must be a service name such as app or app@file" },
  { key: /\.tls\.certresolver$/i, value: new RegExp(`^${NAME}$`), message: "must be a certificate resolver name" },
  { key: /\.loadbalancer\.server\.scheme$/i, value: /^(?:http|https|h2c)$/, message: "must be http, https or h2c" },
  {
    key: /\.loadbalancer\.server\.url$/i,
    value: /^(?:https?|h2c):\/\/[A-Za-z0-9._~:/?#[\]@!$&'()*+,;=%-]+$/,
    message: "must be a URL such as http://10.0.0.5:8080 (URL characters only)",
  },
];

/** True for the keys whose value is a rule expression. */
const RULE_KEY = /^traefik\.(?:http|tcp|udp)\.routers\.[^.]+\.rule$/i;

/**
 * A Traefik label `key=value` on one line. Router rules are parsed with the
 * rule grammar and every `Host()` name must be a host name: those names become
 * DNS records and NGINX server names. Names, entry points, middlewares and URLs
 * are held to the characters their forms use.
 */
export const TraefikLabel = z
  .string()
  .max(LABEL_MAX, { abort: true, message: `must be at most ${LABEL_MAX} characters long` })
  .superRefine((label, ctx) => {
    const problem = checkTraefikLabel(label);
    if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem, input: label });
  })
  .meta({ pattern: LABEL.source });

/** Why a label is not one Phoenix can pass on, or undefined when it is fine. */
export function checkTraefikLabel(label: string): string | undefined {
  const match = LABEL.exec(label);
  if (!match) return "must be a label key=value on one line: a key of letters, digits, '.', '_', '-' and '/', a value without control characters, at most 4096 characters";
  const key = match[1] ?? "";
  const value = match[2] ?? "";
  if (RULE_KEY.test(key)) {
    const problem = checkTraefikRule(value);
    return problem === undefined ? undefined : `must be one Traefik rule such as Host(\`app.example.com\`) && PathPrefix(\`/api\`): ${problem}`;
  }
  const format = VALUE_FORMATS.find((f) => f.key.test(key));
  return format === undefined || format.value.test(value) ? undefined : format.message;
}
