import { describe, expect, it } from "vitest";
import type { TableRowSpec, TableSpec } from "../../src/compile/artifact-types.js";
import { evaluate } from "./evaluate.js";
import { toExactString } from "../../src/number/exact-text.js";
import { findRow, lookupTable } from "./table.js";
import { MISSING, isNum, tierValue, type Value } from "../../src/runtime/values.js";
import { bin, fixedScope, num, ref, x } from "../runtime/expr-builders.js";

const source = { file: "t.ppl", line: 1, column: 1, endLine: 1, endColumn: 1 };

// The spec's `growth` table by attainment.
const growth: TableSpec = {
  name: "growth",
  key: ref("attainment"),
  rows: [
    { kind: "below", bound: "4/5", value: num("0") },
    { kind: "range", from: "4/5", to: "1", value: num("1") },
    { kind: "range", from: "1", to: "6/5", value: num("5/4") },
    { kind: "above", bound: "6/5", value: num("3/2") },
  ],
  type: "number",
  confidential: false,
  source,
};

const scope = fixedScope({ bonus: x("7") });
const rowValue = (spec: TableSpec, key: Value): string => {
  const { value } = lookupTable(spec, key, (tree) => evaluate(tree, scope));
  return isNum(value) ? toExactString(value) : value === MISSING ? "missing" : String(value);
};

describe("band tables", () => {
  it("put a key exactly on a bound in the band that starts there (X <= key < Y)", () => {
    expect(rowValue(growth, x("0.8"))).toBe("1");
    expect(rowValue(growth, x("1"))).toBe("5/4");
    expect(rowValue(growth, x("1.2"))).toBe("3/2");
  });

  it("use below and and-above for keys outside the inner bands", () => {
    expect(rowValue(growth, x("0.7999"))).toBe("0");
    expect(rowValue(growth, x("-3"))).toBe("0");
    expect(rowValue(growth, x("0.9999"))).toBe("1");
    expect(rowValue(growth, x("1000"))).toBe("3/2");
  });

  it("make a missing key missing", () => {
    expect(rowValue(growth, MISSING)).toBe("missing");
  });

  it("make a key outside every band missing", () => {
    const bounded: TableRowSpec[] = [{ kind: "range", from: "0", to: "10", value: num("1") }];
    expect(findRow(bounded, x("10"))).toBeUndefined();
    expect(findRow(bounded, x("-1"))).toBeUndefined();
    expect(findRow(bounded, x("0"))).toBe(0);
  });

  it("evaluate expression rows", () => {
    const spec: TableSpec = {
      ...growth,
      rows: [{ kind: "above", bound: "0", value: bin("mul", ref("bonus"), num("2")) }],
    };
    expect(rowValue(spec, x("5"))).toBe("14");
  });
});

describe("match tables", () => {
  // The spec's `base_rate` table by tier, plus an otherwise row.
  const baseRate: TableSpec = {
    name: "base_rate",
    key: { op: "tier" },
    rows: [
      { kind: "match", key: "Member", value: num("1/100") },
      { kind: "match", key: "Premier", value: num("1/50") },
    ],
    type: "number",
    confidential: false,
    source,
  };
  const withOtherwise: TableSpec = { ...baseRate, rows: [...baseRate.rows, { kind: "otherwise", value: num("0") }] };

  it("match a tier key by name", () => {
    expect(rowValue(baseRate, tierValue("Member", 1))).toBe("1/100");
    expect(rowValue(baseRate, tierValue("Premier", 2))).toBe("1/50");
  });

  it("without otherwise: no match or a missing key is missing", () => {
    expect(rowValue(baseRate, tierValue("Elite", 3))).toBe("missing");
    expect(rowValue(baseRate, MISSING)).toBe("missing");
  });

  it("otherwise catches every other key, a missing one included", () => {
    expect(rowValue(withOtherwise, tierValue("Elite", 3))).toBe("0");
    expect(rowValue(withOtherwise, MISSING)).toBe("0");
    expect(rowValue(withOtherwise, tierValue("Premier", 2))).toBe("1/50");
  });

  it("match string keys exactly", () => {
    const byRegion: TableSpec = {
      ...baseRate,
      key: ref("region"),
      rows: [
        { kind: "otherwise", value: num("0") },
        { kind: "match", key: "EMEA", value: num("3") },
      ],
    };
    // `otherwise` written first still loses to a matching row.
    expect(rowValue(byRegion, "EMEA")).toBe("3");
    expect(rowValue(byRegion, "emea")).toBe("0");
    expect(lookupTable(byRegion, "EMEA", () => MISSING).rowIndex).toBe(1);
  });
});
