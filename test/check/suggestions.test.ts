import { describe, expect, it } from "vitest";
import { closestName, editDistance } from "../../src/diagnostics/suggestions.js";

describe("edit distance", () => {
  it.each([
    ["revenue", "revenue", 0],
    ["Revenue", "revenue", 0.5],
    ["revnue", "revenue", 1],
    ["EMAE", "EMEA", 1],
    ["kitten", "sitting", 3],
    ["", "abc", 3],
  ])("%s → %s is %d", (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
  });
});

describe("closest name", () => {
  const names = ["revenue", "sales_target", "attainment", "Member", "Premier"];

  it("suggests a close name", () => {
    expect(closestName("revnue", names)).toBe("revenue");
    expect(closestName("atainment", names)).toBe("attainment");
    expect(closestName("premier", names)).toBe("Premier");
  });

  it("prefers the closest of several", () => {
    expect(closestName("Premeir", ["Premier", "Premium"])).toBe("Premier");
  });

  it("suggests nothing far away or for the name itself", () => {
    expect(closestName("xyz", names)).toBeUndefined();
    expect(closestName("a", ["b"])).toBe("b");
    expect(closestName("ab", ["cd"])).toBeUndefined();
    expect(closestName("revenue", ["revenue"])).toBeUndefined();
  });

  it("suggests the trimmed value for a trailing space", () => {
    expect(closestName("Managed Print ", ["DaaS", "Managed Print"])).toBe("Managed Print");
  });
});
