// Objects keyed by names fixed before the first row (a program's inputs, KPIs,
// incentives), made once per row.
//
// Filled key by key (`record[name] = value` in a loop), such an object moves
// through one hidden class per key, and the one store in the loop sees them
// all, which makes V8 give up on caching it: measured on Node 20, 75 ns a key
// (1.8 µs for the 24 inputs of rules/amplify.ppl), against 30 ns for the whole
// object written as one object literal. So the literal is written once per
// list of names, as code: the names become JSON string literals (always valid
// JavaScript strings, so no name can change the code), the values are read by
// position. The object is the same either way: a plain object, its keys in
// the order of the names.

/** Makes the object of `names`, the value of names[i] being values[positions[i]]. */
export type RecordBuilder = <T>(values: ArrayLike<T>) => Record<string, T>;

/**
 * A builder of the object of `names`. With `compile: false` it fills the
 * object key by key instead, for lists used too seldom to be worth the code.
 */
export function recordBuilder(
  names: readonly string[],
  positions: readonly number[] = names.map((_, i) => i),
  { compile = true } = {},
): RecordBuilder {
  // In a literal, `__proto__: x` sets the prototype: such a list is filled key
  // by key, on an object without a prototype.
  const plain = !names.includes("__proto__");
  const keyByKey = <T>(values: ArrayLike<T>) => {
    const record = (plain ? {} : Object.create(null)) as Record<string, T>;
    for (let i = 0; i < names.length; i++) record[names[i]!] = values[positions[i]!]!;
    return record;
  };
  if (!compile || !plain) return keyByKey;
  const fields = names.map((name, i) => `${JSON.stringify(name)}: values[${Math.trunc(positions[i]!)}]`);
  try {
    return new Function("values", `"use strict"; return { ${fields.join(", ")} };`) as RecordBuilder;
  } catch {
    // Where code cannot be made at run time (a content security policy), the same object, more slowly.
    return keyByKey;
  }
}
