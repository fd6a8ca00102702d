// recordBuilder writes an object literal as code: the object must be the one a key-by-key fill
// makes, whatever the names are.
import { describe, expect, it } from "vitest";
import { recordBuilder } from "../../src/runtime/record-builder.js";

function keyByKey(names: string[], values: unknown[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (let i = 0; i < names.length; i++) record[names[i]!] = values[i];
  return record;
}

const AWKWARD_NAMES = [
  "plain",
  'with "quotes"',
  "back\\slash",
  "line\nbreak",
  "\u2028separator",
  "lone \ud800 surrogate",
  "}; throw new Error('injected'); ({",
  "constructor",
  "toString",
  "",
  "10",
  "2",
];

describe("recordBuilder", () => {
  it("makes the object a key-by-key fill makes: same keys, order, values and prototype", () => {
    const values = AWKWARD_NAMES.map((_, i) => (i % 3 === 0 ? i / 7 : i % 3 === 1 ? `v${i}` : [i]));
    for (const compile of [true, false]) {
      const built = recordBuilder(AWKWARD_NAMES, undefined, { compile })(values);
      const expected = keyByKey(AWKWARD_NAMES, values);
      expect(Object.keys(built)).toEqual(Object.keys(expected));
      expect(built).toEqual(expected);
      expect(Object.getPrototypeOf(built)).toBe(Object.prototype);
      expect(JSON.stringify(built)).toBe(JSON.stringify(expected));
    }
  });

  it("reads each value at its position", () => {
    const build = recordBuilder(["c", "a"], [2, 0]);
    expect(build(["first", "second", "third"])).toEqual({ c: "third", a: "first" });
  });

  it("gives a list naming __proto__ an object without a prototype, the name an own key", () => {
    for (const compile of [true, false]) {
      const built = recordBuilder(["a", "__proto__"], undefined, { compile })([1, { polluted: true }]);
      expect(Object.getPrototypeOf(built)).toBeNull();
      expect(Object.keys(built)).toEqual(["a", "__proto__"]);
      expect(built["__proto__"]).toEqual({ polluted: true });
      expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    }
  });

  it("fills the object key by key where code cannot be made at run time", () => {
    const original = globalThis.Function;
    // A content security policy makes the Function constructor throw an EvalError.
    globalThis.Function = function refused() {
      throw new EvalError("code generation from strings disallowed for this context");
    } as unknown as FunctionConstructor;
    try {
      expect(recordBuilder(["b", "a"])([1, 2])).toEqual({ b: 1, a: 2 });
    } finally {
      globalThis.Function = original;
    }
  });

  it("makes a new object each time", () => {
    const build = recordBuilder(["a"]);
    const first = build([1]);
    expect(build([2])).not.toBe(first);
    expect(first).toEqual({ a: 1 });
  });
});
