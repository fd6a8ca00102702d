// The generated program of the language server benchmark (test/bench/lsp.ts).
/** A program of about `lines` lines: optional inputs, KPIs over them, tiers, a table, incentives and two tests. */
export function generatedProgram(lines: number): string {
  const out: string[] = [
    'program "Generated" {',
    '  version "bench"',
    "  currency USD",
    "}",
    "",
    "input partner_id: text key",
  ];
  const inputs = Math.floor(lines * 0.3);
  for (let i = 0; i < inputs; i++) out.push(`input v${i}: money min 0 optional`);
  const kpis = Math.floor(lines * 0.45);
  for (let i = 0; i < kpis; i++) {
    const a = `v${i % inputs}`;
    const b = i > 0 ? `k${i - 1}` : `v${(i + 1) % inputs}`;
    out.push(`kpi k${i} = (${a} otherwise 0) + ${b} * ${(i % 7) + 1}%  as "KPI ${i}"`);
  }
  const tiers = Math.floor(lines * 0.02);
  for (let t = 0; t < tiers; t++) {
    out.push(`tier T${t}${t > 0 ? ` extends T${t - 1}` : ""} {`);
    out.push(`  require k${(t * 13) % kpis} >= ${t * 10}k  as "Volume ${t}"`);
    out.push(`  benefit "Benefit ${t}"`, "}");
  }
  out.push(
    "table rate by tier {",
    ...Array.from({ length: tiers }, (_, t) => `  T${t}: ${t % 5}%`),
    "  otherwise: 0",
    "}",
  );
  let incentive = 0;
  while (out.length < lines - 30) {
    out.push(`incentive bonus${incentive} {`, `  when tier >= T${incentive % tiers}`);
    out.push(`  amount k${(incentive * 17) % kpis} * rate`, "  cap 10k", "}");
    incentive++;
  }
  for (let t = 0; t < 2; t++) {
    out.push(`test "generated ${t}" {`, "  given {", `    partner_id: "P-${t}",`, `    v0: ${t * 100}k`, "  }");
    out.push(`  expect k0 >= 0`, "}");
  }
  return out.join("\n") + "\n";
}
