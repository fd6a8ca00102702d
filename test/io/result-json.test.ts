// resultJson writes each unmet entry whole: the spec's fields first, then any
// field a later version adds to entries (so adding one needs no change in the
// writer), in the entry's own order.
import { describe, expect, it } from "vitest";
import { resultJson } from "../../src/io/write-results.js";
import type { OkRow } from "../../src/runtime/result-types.js";

describe("resultJson", () => {
  it("writes unmet entries in the spec's order, keeping fields beyond the spec's three", () => {
    const row: OkRow = {
      row: 1,
      partner: "P-1",
      status: "ok",
      tier: null,
      subtiers: [],
      benefits: [],
      kpis: {},
      scores: {},
      incentives: {},
      total: "0.00",
      unmet: [
        // Keys out of order, and a field the spec's three do not include.
        { values: { revenue: 5 }, shortfall: { revenue: "5" }, requirement: "revenue >= 10", tier: "Member" } as never,
      ],
    };
    expect(resultJson(row)).toBe(
      '{"row":1,"partner":"P-1","status":"ok","tier":null,"subtiers":[],"benefits":[],"kpis":{},"scores":{},' +
        '"incentives":{},"total":"0.00","unmet":[{"tier":"Member","requirement":"revenue >= 10",' +
        '"values":{"revenue":5},"shortfall":{"revenue":"5"}}]}',
    );
  });
});
