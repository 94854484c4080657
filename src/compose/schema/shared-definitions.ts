import { array, object, oneOf, string, typed, type SchemaNode } from "./schema-node.js";

/** `list_of_strings`. */
export const listOfStrings = array(string, true);

/** `string_or_list`. */
export const stringOrList = oneOf(string, listOfStrings);

/** `list_or_dict`: a mapping of scalars or a list of `k=v` strings. */
export const listOrDict = oneOf(
  object({}, { closed: true, patterns: [[/.+/, typed("string", "number", "null")]] }),
  array(string, true),
);

/** An open mapping whose values are checked (`driver_opts`, logging `options`). */
export function openStringMap(values: SchemaNode): SchemaNode {
  return object({}, { patterns: [[/^.+$/, values]] });
}
