/** A parse or execution error of a Go template, worded as `text/template` words it (`template: :1:2: executing "" at <.Foo>: …`). */
export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TemplateError";
  }
}
