// The types the checker infers for expressions (spec section 4, "Types").

export type NumericKind = "number" | "integer" | "money" | "percent";

export type ValueType =
  /** `literal` marks a bare number literal, which takes the kind of the value it meets. */
  | { kind: NumericKind; literal?: boolean }
  | { kind: "boolean" }
  | { kind: "text" }
  /** A value from a fixed set: a `one of` input, or a subtier name. `source` names the set. */
  | { kind: "set"; values: readonly string[]; source: string }
  | { kind: "list"; item: ValueType }
  | { kind: "tier" }
  /** A type that could not be inferred because of an error already reported. */
  | { kind: "unknown" };

export const UNKNOWN: ValueType = { kind: "unknown" };
export const BOOLEAN: ValueType = { kind: "boolean" };
export const TEXT: ValueType = { kind: "text" };
export const NUMBER: ValueType = { kind: "number" };
export const MONEY: ValueType = { kind: "money" };
export const PERCENT: ValueType = { kind: "percent" };
export const INTEGER: ValueType = { kind: "integer" };
export const TIER: ValueType = { kind: "tier" };

export function isNumeric(type: ValueType): type is { kind: NumericKind; literal?: boolean } {
  return type.kind === "number" || type.kind === "integer" || type.kind === "money" || type.kind === "percent";
}

export function isTextual(type: ValueType): boolean {
  return type.kind === "text" || type.kind === "set";
}

/** A phrase for messages: "a money value", "a list of text", "a tier". */
export function describeType(type: ValueType): string {
  switch (type.kind) {
    case "number":
      return "a number";
    case "integer":
      return "an integer";
    case "money":
      return "a money value";
    case "percent":
      return "a percent";
    case "boolean":
      return "a true/false value";
    case "text":
      return "text";
    case "set":
      return `one of ${type.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "list":
      return type.item.kind === "unknown" ? "a list" : `a list of ${describeItem(type.item)}`;
    case "tier":
      return "a tier";
    case "unknown":
      return "a value of unknown type";
  }
}

function describeItem(type: ValueType): string {
  if (type.kind === "set" || type.kind === "text") return "text";
  if (isNumeric(type)) return "numbers";
  if (type.kind === "boolean") return "true/false values";
  if (type.kind === "tier") return "tiers";
  return "values";
}

/** The artifact's coarse type for a derived value (src/compile's ValueType). */
export function outputType(type: ValueType): "number" | "money" | "boolean" | "text" | "list" | "tier" {
  switch (type.kind) {
    case "money":
      return "money";
    case "boolean":
      return "boolean";
    case "text":
    case "set":
      return "text";
    case "list":
      return "list";
    case "tier":
      return "tier";
    default:
      return "number";
  }
}
