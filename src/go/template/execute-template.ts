/**
 * Runs a parsed template against a value, as Go's `text/template` `Execute`
 * (go1.23 `text/template/exec.go`): fields are evaluated along the chain,
 * a missing map key prints `<no value>`, a missing struct field is an
 * error, a pipeline's value is passed as the last argument of the next
 * command, and errors name the position and node (`template: :1:2:
 * executing "" at <.Foo>: can't evaluate field Foo in type …`). Output
 * written before an error is kept, as Go's writer keeps it.
 */
import { formatGoValue, goTypeOf, isGoMap, isGoStruct, isGoTrue, NO_VALUE, type GoValue } from "./go-value.js";
import type { Command, Operand, ParsedTemplate, Pipeline, TemplateNode } from "./parse-template.js";
import { TemplateError } from "./template-error.js";
import type { ParamType, TemplateFunction } from "./template-functions.js";

export interface ExecuteResult {
  readonly output: string;
  readonly error?: TemplateError;
}

interface State {
  readonly template: ParsedTemplate;
  readonly functions: Readonly<Record<string, TemplateFunction>>;
  readonly vars: { name: string; value: GoValue }[];
  out: string;
}

export function executeTemplate(template: ParsedTemplate, data: GoValue, functions: Readonly<Record<string, TemplateFunction>>): ExecuteResult {
  const state: State = { template, functions, vars: [{ name: "$", value: data }], out: "" };
  try {
    walkList(state, template.nodes, data);
    return { output: state.out };
  } catch (error) {
    if (error instanceof TemplateError) return { output: state.out, error };
    throw error;
  }
}

function fail(state: State, pos: number, node: string, message: string): never {
  const before = state.template.source.slice(0, pos);
  const newline = before.lastIndexOf("\n");
  const line = 1 + (before.match(/\n/g)?.length ?? 0);
  const column = newline === -1 ? pos : pos - newline - 1;
  throw new TemplateError(`template: :${line}:${column}: executing "" at <${node}>: ${message}`);
}

function walkList(state: State, nodes: readonly TemplateNode[], dot: GoValue): void {
  for (const node of nodes) walk(state, node, dot);
}

function walk(state: State, node: TemplateNode, dot: GoValue): void {
  if (node.kind === "text") {
    state.out += node.text;
    return;
  }
  const mark = state.vars.length;
  const value = evalPipeline(state, node.pipe, dot);
  if (node.kind === "action") {
    if (node.pipe.declare.length === 0) state.out += formatGoValue(value);
    // Variables declared by an action live until the end of the enclosing control structure.
    return;
  }
  try {
    if (node.kind === "if" || node.kind === "with") {
      if (isGoTrue(value)) walkList(state, node.list, node.kind === "with" ? value : dot);
      else if (node.elseList !== undefined) walkList(state, node.elseList, dot);
      return;
    }
    const entries = rangeEntries(state, node.pos, value);
    if (entries.length === 0) {
      if (node.elseList !== undefined) walkList(state, node.elseList, dot);
      return;
    }
    for (const [key, element] of entries) {
      // Each iteration starts with only the range's own variables.
      state.vars.length = mark + node.pipe.declare.length;
      const [first, second] = node.pipe.declare;
      if (second !== undefined) {
        setVar(state, mark, first ?? "$", key);
        setVar(state, mark + 1, second, element);
      } else if (first !== undefined) setVar(state, mark, first, element);
      walkList(state, node.list, element);
    }
  } finally {
    state.vars.length = mark;
  }
}

function setVar(state: State, index: number, name: string, value: GoValue): void {
  state.vars[index] = { name, value };
}

function rangeEntries(state: State, pos: number, value: GoValue): [GoValue, GoValue][] {
  if (value === null || value === NO_VALUE) return [];
  if (Array.isArray(value)) return value.map((v, i) => [i, v]);
  if (typeof value === "number" && Number.isInteger(value)) return Array.from({ length: Math.max(0, value) }, (_, i) => [i, i]);
  if (isGoMap(value)) return Object.keys(value).sort().map((k) => [k, value[k] ?? null]);
  return fail(state, pos, "range", `range can't iterate over ${formatGoValue(value)}`);
}

function evalPipeline(state: State, pipe: Pipeline, dot: GoValue): GoValue {
  let value: GoValue | undefined;
  for (const command of pipe.commands) value = evalCommand(state, command, dot, value);
  const result = value ?? null;
  for (const name of pipe.declare) state.vars.push({ name, value: result });
  return result;
}

function evalCommand(state: State, command: Command, dot: GoValue, piped: GoValue | undefined): GoValue {
  const [first, ...rest] = command.args;
  if (first === undefined) return null;
  if (first.kind === "function") return callFunction(state, first, rest, dot, piped);
  if (rest.length > 0 || piped !== undefined) {
    const text = operandText(first);
    fail(state, first.pos, text, `can't give argument to non-function ${text}`);
  }
  return evalOperand(state, first, dot);
}

function evalOperand(state: State, operand: Operand, dot: GoValue): GoValue {
  switch (operand.kind) {
    case "dot":
      return dot;
    case "field":
      return evalChain(state, operand.pos, operand.text, dot, operand.chain);
    case "variable": {
      const variable = [...state.vars].reverse().find((v) => v.name === operand.name);
      if (variable === undefined) fail(state, operand.pos, operand.text, `undefined variable: ${operand.name}`);
      return evalChain(state, operand.pos, operand.text, variable?.value ?? null, operand.chain);
    }
    case "string":
    case "number":
    case "bool":
      return operand.value;
    case "nil":
      return fail(state, operand.pos, "nil", "nil is not a command");
    case "pipe":
      return evalPipeline(state, operand.pipe, dot);
    case "function":
      return callFunction(state, operand, [], dot, undefined);
  }
}

function evalChain(state: State, pos: number, text: string, start: GoValue, chain: readonly string[]): GoValue {
  let value = start;
  for (const name of chain) {
    if (isGoStruct(value)) {
      const field = value.fields[name];
      if (field === undefined) fail(state, pos, text, `can't evaluate field ${name} in type ${value.goType}`);
      value = field?.() ?? null;
    } else if (isGoMap(value)) {
      value = Object.hasOwn(value, name) ? (value[name] ?? null) : NO_VALUE;
    } else if (value === null || value === NO_VALUE) {
      fail(state, pos, text, `nil pointer evaluating interface {}.${name}`);
    } else {
      fail(state, pos, text, `can't evaluate field ${name} in type ${goTypeOf(value)}`);
    }
  }
  return value;
}

function callFunction(state: State, operand: Operand & { kind: "function" }, argOperands: readonly Operand[], dot: GoValue, piped: GoValue | undefined): GoValue {
  const fn = state.functions[operand.name];
  if (fn === undefined) return fail(state, operand.pos, operand.name, `"${operand.name}" is not a defined function`);
  const args = argOperands.map((a) => evalOperand(state, a, dot));
  if (piped !== undefined) args.push(piped);
  const fixed = fn.variadic === true ? fn.params.length - 1 : fn.params.length;
  if (fn.variadic === true ? args.length < fixed : args.length !== fixed) {
    fail(state, operand.pos, operand.name, `wrong number of args for ${operand.name}: want ${fn.variadic === true ? "at least " : ""}${fixed} got ${args.length}`);
  }
  args.forEach((arg, i) => {
    const type = fn.params[Math.min(i, fn.params.length - 1)] ?? "any";
    if (!fitsParam(arg, type)) fail(state, operand.pos, operand.name, `wrong type for value; expected ${type}; got ${goTypeOf(arg)}`);
  });
  try {
    return fn.call(...args);
  } catch (error) {
    if (error instanceof TemplateError) throw error;
    return fail(state, operand.pos, operand.name, error instanceof Error ? error.message : String(error));
  }
}

function fitsParam(value: GoValue, type: ParamType): boolean {
  if (type === "any") return true;
  if (type === "string") return typeof value === "string";
  if (type === "int") return typeof value === "number" && Number.isInteger(value);
  return Array.isArray(value) && value.every((v) => typeof v === "string");
}

function operandText(operand: Operand): string {
  switch (operand.kind) {
    case "dot":
      return ".";
    case "field":
    case "variable":
    case "string":
    case "number":
      return operand.text;
    case "bool":
      return String(operand.value);
    case "nil":
      return "nil";
    case "function":
      return operand.name;
    case "pipe":
      return "(…)";
  }
}
