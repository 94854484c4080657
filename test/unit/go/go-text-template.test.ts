import { describe, expect, it } from "vitest";
import { executeGoTemplate, executeGoTemplateHeader, parseGoTemplate, type GoValue } from "../../../src/go/template/go-template.js";
import { createGoStruct } from "../../../src/cli/stack/format/go-struct.js";

function run(source: string, data: GoValue): string {
  const result = executeGoTemplate(parseGoTemplate(source), data);
  if (result.error !== undefined) throw result.error;
  return result.output;
}

function runError(source: string, data: GoValue): string {
  try {
    const result = executeGoTemplate(parseGoTemplate(source), data);
    return result.error?.message ?? "no error";
  } catch (error) {
    return (error as Error).message;
  }
}

const stack = createGoStruct("*formatter.stackContext", { Name: () => "web", Services: () => "2" });

/** Expected values are what Go's text/template with docker/cli's templates.basicFunctions prints (docker/cli templates_test.go and go1.23's exec_test.go). */
describe("the text/template port", () => {
  it("prints fields, dot and text", () => {
    expect(run("this is a {{ . }}", "string")).toBe("this is a string");
    expect(run("{{.Name}}: {{.Services}}", stack)).toBe("web: 2");
    expect(run("{{json .Ports}}", { Ports: "0.0.0.0:2->8/udp" })).toBe('"0.0.0.0:2->8/udp"');
  });

  it("runs docker's string functions and pipelines", () => {
    expect(run(`{{join (split . ":") "/"}}`, "text:with:colon")).toBe("text/with/colon");
    expect(run("{{truncate . 5}}", "tupx5xzf6hvsrhnruz5cr8gwp")).toBe("tupx5");
    expect(run("{{truncate . 30}}", "tupx5xzf6hvsrhnruz5cr8gwp")).toBe("tupx5xzf6hvsrhnruz5cr8gwp");
    expect(run("{{pad . 3 3}}", "tupx")).toBe("   tupx   ");
    expect(run("{{pad . 3 3}}", "")).toBe("");
    expect(run("{{.Name | upper}}-{{lower \"ABC\"}}-{{title \"hello wide world\"}}", stack)).toBe("WEB-abc-Hello Wide World");
    expect(run('{{printf "%-6s|%3d" .Name 7}}', stack)).toBe("web   |  7");
    expect(run('{{print "a" 1 2 "b"}}', null)).toBe("a1 2b");
  });

  it("encodes {{json .}} as Go's encoding/json does: sorted keys; HTML escaped only inside a context's own MarshalJSON", () => {
    expect(run("{{json .}}", stack)).toBe('{"Name":"web","Services":"2"}');
    expect(run("{{json .}}", createGoStruct("*x", { B: () => "*:80->80/tcp <&>", A: () => "\u2028\t\u0001" }))).toBe(
      '{"A":"\\u2028\\t\\u0001","B":"*:80-\\u003e80/tcp \\u003c\\u0026\\u003e"}',
    );
    expect(run("{{json .Ports}}", { Ports: "*:80->80/tcp <&>" })).toBe('"*:80->80/tcp <&>"');
    expect(run("{{json .}}", { b: ["x", "<"], a: 1 })).toBe('{"a":1,"b":["x","<"]}');
  });

  it("runs if/else if/else, range with variables, with, and trims around {{- -}}", () => {
    const data = { Items: ["a", "b"], Empty: [], Name: "x" };
    expect(run("{{if .Empty}}full{{else if .Name}}named{{else}}none{{end}}", data)).toBe("named");
    expect(run("{{range $i, $e := .Items}}{{$i}}={{$e}};{{end}}", data)).toBe("0=a;1=b;");
    expect(run("{{range .Empty}}x{{else}}empty{{end}}", data)).toBe("empty");
    expect(run("{{with .Name}}<{{.}}>{{end}}", data)).toBe("<x>");
    expect(run("a  {{- .Name -}}  b{{/* comment */}}", data)).toBe("axb");
    expect(run("{{if and .Name (eq .Name \"x\")}}yes{{end}}{{if not .Empty}}!{{end}}", data)).toBe("yes!");
    expect(run("{{len .Items}} {{index .Items 1}}", data)).toBe("2 b");
  });

  it("prints <no value> for a missing map key and fails on a missing struct field, worded as Go", () => {
    expect(run("{{.Missing}}", { Name: "x" })).toBe("<no value>");
    expect(runError("{{.Foo}}", stack)).toBe('template: :1:2: executing "" at <.Foo>: can\'t evaluate field Foo in type *formatter.stackContext');
    expect(runError("x\n  {{.Name.Foo}}", stack)).toBe('template: :2:4: executing "" at <.Name.Foo>: can\'t evaluate field Foo in type string');
    expect(runError("{{truncate . 5}}", null)).toContain("wrong type for value; expected string");
  });

  it("refuses what Go's parser refuses", () => {
    expect(runError("{{nosuch .}}", null)).toBe('template: :1: function "nosuch" not defined');
    expect(runError("{{.Name", stack)).toBe("template: :1: unclosed action");
    expect(runError("{{if .Name}}x", stack)).toBe("template: :1: unexpected EOF");
    expect(runError("{{end}}", stack)).toBe("template: :1: unexpected {{end}}");
  });

  it("leaves table headers intact with HeaderFunctions", () => {
    const template = parseGoTemplate("{{json .Name}}|{{upper .Name}}|{{truncate .Name 2}}|{{pad .Name 1 1}}");
    expect(executeGoTemplateHeader(template, { Name: "NAME" }).output).toBe("NAME|NAME|NAME| NAME ");
  });
});
