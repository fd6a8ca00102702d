// The oracle's table lookups (spec 3.6): numeric keys fall into bands, tier and text keys
// match rows by name, with an optional `otherwise` row.

import type { ExprTree, TableRowSpec, TableSpec } from "../../src/compile/artifact-types.js";
import * as exact from "./exact.js";
import type { TableResult } from "../../src/runtime/partner.js";
import { MISSING, isNum, isMissing, isTier, type Value } from "../../src/runtime/values.js";

/** The index of the row a key selects, or undefined when none does. */
export function findRow(rows: readonly TableRowSpec[], key: Value): number | undefined {
  let otherwise: number | undefined;
  for (const [index, row] of rows.entries()) {
    if (row.kind === "otherwise") {
      otherwise = index;
      continue;
    }
    if (isMissing(key)) continue;
    if (rowMatches(row, key)) return index;
  }
  // `otherwise` only exists in match tables, where it also catches a missing key.
  return otherwise;
}

function rowMatches(row: Exclude<TableRowSpec, { kind: "otherwise" }>, key: Value): boolean {
  if (row.kind === "match") {
    if (typeof key === "string") return key === row.key;
    return isTier(key) && key.name === row.key;
  }
  if (!isNum(key)) return false;
  switch (row.kind) {
    case "below":
      return exact.compare(key, exact.exactConstant(row.bound)) < 0;
    case "range":
      return (
        exact.compare(key, exact.exactConstant(row.from)) >= 0 && exact.compare(key, exact.exactConstant(row.to)) < 0
      );
    case "above":
      return exact.compare(key, exact.exactConstant(row.bound)) >= 0;
  }
}

/**
 * Looks a key up in a table; `evaluateRow` computes the chosen row's value
 * (rows may be expressions). No matching row gives MISSING.
 */
export function lookupTable(spec: TableSpec, key: Value, evaluateRow: (value: ExprTree) => Value): TableResult {
  const rowIndex = findRow(spec.rows, key);
  const value = rowIndex === undefined ? MISSING : evaluateRow(spec.rows[rowIndex]!.value);
  return { name: spec.name, key, rowIndex, value };
}
