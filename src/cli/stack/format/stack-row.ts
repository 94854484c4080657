/**
 * `docker stack ls` rows (cli/command/stack/formatter): `Name` and
 * `Services`; 20.10 adds `Orchestrator` (always `Swarm` here) and
 * `Namespace` (Kubernetes only, empty), and prints the ORCHESTRATOR column.
 */
import type { ComposeCompat } from "../../../compose/compose-compat.js";
import type { GoStruct } from "../../../go/template/go-template.js";
import { createGoStruct } from "./go-struct.js";

export interface StackSummary {
  readonly name: string;
  readonly services: number;
}

export function defaultStackFormat(cliVersion: ComposeCompat): string {
  return cliVersion === "20.10" ? "table {{.Name}}\t{{.Services}}\t{{.Orchestrator}}" : "table {{.Name}}\t{{.Services}}";
}

export function stackHeader(cliVersion: ComposeCompat): Record<string, string> {
  const header = { Name: "NAME", Services: "SERVICES" };
  return cliVersion === "20.10" ? { ...header, Orchestrator: "ORCHESTRATOR", Namespace: "NAMESPACE" } : header;
}

export function createStackRow(stack: StackSummary, cliVersion: ComposeCompat): GoStruct {
  const fields = { Name: () => stack.name, Services: () => String(stack.services) };
  const all = cliVersion === "20.10" ? { ...fields, Orchestrator: () => "Swarm", Namespace: () => "" } : fields;
  return createGoStruct("*formatter.stackContext", all);
}
