import { describe, expect, it } from "vitest";
import { diagnoseBody } from "./diagnose-source.js";

function bands(rows: string): ReturnType<typeof diagnoseBody> {
  return diagnoseBody(`input x: percent\ntable t by x {\n${rows}\n}\nkpi k = t\n`);
}

describe("band tables", () => {
  it("accepts bands that meet exactly, in any order", () => {
    expect(bands("80% to 100%: 1\nbelow 80%: 0\n120% and above: 3\n100% to 120%: 2")).toEqual([]);
  });

  it("accepts negative bounds", () => {
    expect(bands("below -5%: 0\n-5% to 5%: 1\n5% and above: 2")).toEqual([]);
  });

  it("reports an overlap, naming the overlapping values", () => {
    const [d] = bands("below 80%: 0\n80% to 100%: 1\n90% to 120%: 2\n120% and above: 3");
    expect(d.code).toBe("PPL4004");
    expect(d.message).toContain("from 90% up to 100%");
    expect(d.range.start.line).toBe(7);
  });

  it("reports two `below` rows as overlapping", () => {
    const [d] = bands("below 50%: 0\nbelow 80%: 1\n80% and above: 2");
    expect(d.code).toBe("PPL4004");
  });

  it("reports two `and above` rows as overlapping", () => {
    const [d] = bands("below 80%: 0\n80% and above: 1\n90% and above: 2");
    expect(d.code).toBe("PPL4004");
    expect(d.message).toContain("from 90% up");
  });

  it("reports a gap, naming its bounds", () => {
    const [d] = bands("below 80%: 0\n80% to 100%: 1\n110% and above: 2");
    expect(d.code).toBe("PPL4005");
    expect(d.message).toContain("from 100% up to 110%");
    expect(d.message).toContain("`100% to 110%: ...`");
  });

  it("compares bounds exactly whatever their spelling", () => {
    expect(bands("below 0.5: 0\n50% and above: 1")).toEqual([]);
  });

  it("allows bands that do not reach down or up (missing outside them)", () => {
    expect(bands("80% to 100%: 1\n100% to 120%: 2")).toEqual([]);
  });

  it("reports an empty band", () => {
    expect(bands("below 80%: 0\n100% to 80%: 1\n80% and above: 2").map((d) => d.code)).toContain("PPL4009");
  });
});

describe("match tables", () => {
  const TIERS =
    "input revenue: money min 0\ntier Member { require revenue >= 1 }\ntier Premier extends Member { require revenue >= 2 }\n";

  it("accepts tier names, quoted or not, and one otherwise", () => {
    expect(
      diagnoseBody(
        TIERS + 'table t by tier { Member: 1%  "Premier": 2%  otherwise: 0% }\nincentive i { amount revenue * t }\n',
      ),
    ).toEqual([]);
  });

  it("reports an unknown tier as a key, with a suggestion", () => {
    const [d] = diagnoseBody(
      TIERS + "table t by tier { Membr: 1%  Premier: 2% }\nincentive i { amount revenue * t }\n",
    );
    expect(d.code).toBe("PPL2015");
    expect(d.message).toContain("did you mean Member?");
  });

  it("checks string keys against a one-of key's values", () => {
    const [d] = diagnoseBody(
      'input region: one of "AMS", "EMEA"\ntable t by region { "AMS": 1  "EMAE": 2 }\nkpi k = t\n',
    );
    expect(d.code).toBe("PPL3007");
    expect(d.message).toContain('did you mean "EMEA"?');
  });

  it("reports a key repeated, quoted or not", () => {
    const diagnostics = diagnoseBody(
      TIERS + 'table t by tier { Member: 1%  "Member": 2% }\nincentive i { amount revenue * t }\n',
    );
    expect(diagnostics.map((d) => d.code)).toEqual(["PPL4008"]);
  });

  it("reports rows that give different kinds of value", () => {
    const diagnostics = diagnoseBody(TIERS + 'table t by tier { Member: 1%  Premier: "two" }\nkpi k = t\n');
    expect(diagnostics.map((d) => d.code)).toEqual(["PPL3014"]);
  });
});
