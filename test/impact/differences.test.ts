// Programs that differ in inputs and tier names, a record valid under one
// side only, and confidential values searched for in every format's output.
import { describe, expect, it } from "vitest";
import { renderHtml } from "../../src/impact/render-html.js";
import { renderHuman } from "../../src/impact/render-human.js";
import { MARKDOWN_LIMIT, renderMarkdown } from "../../src/impact/render-markdown.js";
import { changeFormatter } from "../../src/impact/changes-file.js";
import type { PartnerChange } from "../../src/impact/impact-counter.js";
import { measureImpact } from "../../src/impact/measure.js";
import { NEW_PROGRAM, OLD_PROGRAM, PARTNERS_CSV, SECRETS, compiled, csvRecords, impactOf } from "./impact-fixtures.js";

const old = compiled(OLD_PROGRAM, "old.ppl");

describe("a renamed tier", () => {
  // Gold becomes Platinum: one tier removed and one added; rows move Gold → Platinum.
  const renamed = compiled(
    OLD_PROGRAM.replace("tier Gold extends", "tier Platinum extends")
      .replace('subtier "Gold Plus" of Gold', 'subtier "Gold Plus" of Platinum')
      .replace("Gold: 2%", "Platinum: 2%"),
    "renamed.ppl",
  );

  it("moves its partners to the new name in the matrix, and says so in words", async () => {
    const { report } = await impactOf(old, renamed, await csvRecords(PARTNERS_CSV));
    // Valid under both: P1–P7 (P7's region is not an input of either program). Gold had P4, P5, P6.
    expect(report.tiers.matrix.Gold).toEqual({ Platinum: 3, Silver: 0, none: 0 });
    expect(report.tiers.matrix.Silver).toEqual({ Platinum: 0, Silver: 3, none: 0 });
    // Same rank: neither an upgrade nor a downgrade, and no money moves.
    expect(report.tiers.upgrades + report.tiers.downgrades).toBe(0);
    expect(report.total.delta).toBe("0.00");
    expect(report.changed).toBe(3);
    expect(report.tiers.counts.Gold).toEqual({ old: 3, new: 0, delta: -3 });
    expect(report.tiers.counts.Platinum).toEqual({ old: 0, new: 3, delta: 3 });
    const texts = report.program_changes.map((c) => c.text);
    expect(texts).toContain("tier Gold removed (rank 2)");
    expect(texts).toContain("tier Platinum added (rank 2)");
    expect(texts).toContain("subtier Gold Plus: parent Gold → Platinum");
  });
});

describe("programs with different inputs", () => {
  it("types each record under each program's own inputs", async () => {
    // The new program requires `region`; a record without it is valid under the old one only.
    const next = compiled(NEW_PROGRAM, "new.ppl");
    const records = await csvRecords("id,revenue,secret\nQ1,6000,1\nQ2,100,1\n");
    const { report } = await impactOf(old, next, records);
    expect(report.invalid).toMatchObject({ old: 0, new: 2, rows: 2 });
    expect(report.invalid.samples.map((s) => [s.row, s.old, s.new?.map((e) => e.field)])).toEqual([
      [1, undefined, ["region"]],
      [2, undefined, ["region"]],
    ]);
    // Invalid rows stay out of the matrix and the sums.
    expect(
      Object.values(report.tiers.matrix)
        .flatMap((row) => Object.values(row))
        .every((n) => n === 0),
    ).toBe(true);
    expect(report.total).toMatchObject({ old: "0.00", new: "0.00" });
  });

  it("compares currencies of different minor units with the larger number of digits", async () => {
    const yen = compiled(OLD_PROGRAM.replace("currency USD", "currency JPY"), "yen.ppl");
    const { report } = await impactOf(old, yen, await csvRecords("id,revenue,secret\nR1,4550,0\n"));
    // USD: 4550 × 1% = 45.50; JPY rounds to whole yen, half up: 46 (45.5 → 46).
    expect(report.total).toMatchObject({ old: "45.50", new: "46.00", delta: "0.50" });
    expect(report.program_changes.map((c) => c.text)).toContain("program Small: currency USD → JPY");
  });
});

describe("confidential values", () => {
  it("never appear in any format, nor in --changes", async () => {
    const next = compiled(NEW_PROGRAM, "new.ppl");
    const records = await csvRecords(PARTNERS_CSV);
    const { report } = await impactOf(old, next, records, ["total.delta > 0"]);
    const changes: PartnerChange[] = [];
    const counter = await measureImpact({ old, new: next }, records, { onChange: (c) => void changes.push(c) });
    const lines = (format: "csv" | "ndjson") => {
      const formatter = changeFormatter(format, counter.incentiveNames, counter.digits);
      return formatter.header + changes.map((c) => formatter.line(c)).join("");
    };
    const outputs = {
      json: JSON.stringify(report),
      human: renderHuman(report),
      markdown: renderMarkdown(report),
      html: renderHtml(report),
      changesCsv: lines("csv"),
      changesNdjson: lines("ndjson"),
    };
    for (const [format, text] of Object.entries(outputs)) {
      for (const secret of SECRETS) expect(text, `${format} shows ${secret}`).not.toContain(secret);
      // The confidential KPI is named with a count of changes, never a value.
      if (format !== "changesCsv" && format !== "changesNdjson") expect(text).toContain("margin");
    }
    // An invalid confidential value is redacted in the errors (typed-record's redaction).
    const bad = await impactOf(old, next, await csvRecords("id,revenue,secret,region\nS1,10,12345.678x,A\n"));
    for (const text of [
      JSON.stringify(bad.report),
      renderHuman(bad.report),
      renderMarkdown(bad.report),
      renderHtml(bad.report),
    ]) {
      expect(text).not.toContain("12345.678");
    }
  });

  it("stay hidden when only one program marks the input confidential", async () => {
    const open = compiled(NEW_PROGRAM.replace("input secret: number confidential", "input secret: number"), "open.ppl");
    const { report } = await impactOf(old, open, await csvRecords("id,revenue,secret,region\nS1,10,12345.678x,A\n"));
    expect(report.invalid.new).toBe(1);
    expect(JSON.stringify(report)).not.toContain("12345.678");
  });
});

describe("the pull-request comment", () => {
  it("puts the summary first and stays under the size limit", async () => {
    const next = compiled(NEW_PROGRAM, "new.ppl");
    const { report } = await impactOf(old, next, await csvRecords(PARTNERS_CSV));
    const text = renderMarkdown(report);
    expect(text.indexOf("**4** of 8 partners change")).toBeLessThan(text.indexOf("<details>"));
    expect(text).toContain("<details><summary>Tier migration</summary>");
    // A huge report loses whole sections, and says so.
    const huge = {
      ...report,
      program_changes: Array.from({ length: 5000 }, (_, i) => ({
        subject: "kpi",
        name: `k${i}`,
        kind: "changed" as const,
        text: `kpi k${i}: ${"x".repeat(40)}`,
      })),
    };
    const capped = renderMarkdown(huge);
    expect(Buffer.byteLength(capped)).toBeLessThanOrEqual(MARKDOWN_LIMIT);
    expect(capped).toContain("left out");
    expect(capped).toContain("Tier migration");
  });

  it("escapes markup and mentions that come from the data", async () => {
    const next = compiled(NEW_PROGRAM, "new.ppl");
    const { report } = await impactOf(
      old,
      next,
      await csvRecords('id,revenue,secret,region\n"<img src=x> @team |x|",6000,0,A\n'),
    );
    const text = renderMarkdown(report);
    expect(text).not.toContain("<img");
    expect(text).not.toContain("@team");
    expect(renderHtml(report)).not.toContain("<img");
  });
});
