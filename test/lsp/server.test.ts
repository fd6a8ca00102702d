// Drives the real language server (`node dist/cli/main.js lsp`) over stdio
// with a real LSP client: one server for this file, several documents.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TextDocument } from "vscode-languageserver-textdocument";
import type {
  CodeAction,
  CodeLens,
  CompletionItem,
  DocumentSymbol,
  FoldingRange,
  Hover,
  InitializeResult,
  Location,
  Position,
  PublishDiagnosticsParams,
  TextEdit,
  WorkspaceEdit,
} from "vscode-languageserver-protocol";
import { LspClient, PPL_MAIN, ROOT } from "./lsp-client.js";

const AMPLIFY = readFileSync(join(ROOT, "rules/amplify.ppl"), "utf8");
const TIMEOUT = 60_000;

let client: LspClient;
let initialized: InitializeResult;
let uriCount = 0;

beforeAll(async () => {
  ({ client, initialized } = await LspClient.start());
}, TIMEOUT);

afterAll(async () => {
  await client?.stop();
  expect(client.exitCode).toBe(0);
}, TIMEOUT);

/** A new in-memory document URI, so each test sees only its own diagnostics. */
function newUri(): string {
  return `untitled:test-${++uriCount}.ppl`;
}

/** The position of the `nth` occurrence of `needle` in `text`, `delta` characters in. */
function positionOf(text: string, needle: string, delta = 0, nth = 1): Position {
  let at = -1;
  for (let i = 0; i < nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`${needle} (#${nth}) is not in the text`);
  }
  return TextDocument.create("x", "ppl", 1, text).positionAt(at + delta);
}

function applyEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create("x", "ppl", 1, text), edits);
}

function textAt(text: string, range: { start: Position; end: Position }): string {
  const document = TextDocument.create("x", "ppl", 1, text);
  return text.slice(document.offsetAt(range.start), document.offsetAt(range.end));
}

async function openChecked(
  text: string,
  uri = newUri(),
): Promise<{ uri: string; published: PublishDiagnosticsParams }> {
  await client.open(uri, text);
  return { uri, published: await client.versionDiagnostics(uri, 1) };
}

const hoverAt = (uri: string, position: Position) =>
  client.request<Hover | null>("textDocument/hover", { textDocument: { uri }, position });
const hoverText = async (uri: string, position: Position) => {
  const hover = await hoverAt(uri, position);
  return hover ? (hover.contents as { value: string }).value : "";
};
const completionLabels = async (uri: string, position: Position) =>
  (await client.request<CompletionItem[]>("textDocument/completion", { textDocument: { uri }, position })).map(
    (item) => item.label,
  );
const renameAt = (uri: string, position: Position, newName: string) =>
  client.request<WorkspaceEdit>("textDocument/rename", { textDocument: { uri }, position, newName });
const lensTitles = async (uri: string) =>
  (await client.request<CodeLens[]>("textDocument/codeLens", { textDocument: { uri } })).map((l) => l.command!.title);

describe("ppl lsp on rules/amplify.ppl", { timeout: TIMEOUT }, () => {
  let uri: string;
  beforeAll(async () => {
    ({ uri } = await openChecked(AMPLIFY));
  }, TIMEOUT);

  it("announces its features", () => {
    const capabilities = initialized.capabilities;
    for (const feature of [
      "hoverProvider",
      "definitionProvider",
      "referencesProvider",
      "documentHighlightProvider",
      "renameProvider",
      "completionProvider",
      "documentSymbolProvider",
      "foldingRangeProvider",
      "documentFormattingProvider",
      "codeActionProvider",
      "codeLensProvider",
    ])
      expect(capabilities).toHaveProperty(feature);
  });

  it("publishes no diagnostics for the program and shows every test passing", async () => {
    expect((await client.versionDiagnostics(uri, 1)).diagnostics).toEqual([]);
    expect(await lensTitles(uri)).toEqual(Array(6).fill("✓ passes"));
  });

  it("hovers a KPI with its formula, label, kind and confidentiality", async () => {
    const attainment = await hoverText(uri, positionOf(AMPLIFY, "require attainment", 10));
    expect(attainment).toContain("kpi attainment = revenue / sales_target otherwise 0");
    expect(attainment).toContain('KPI "Sales volume against target", a number.');
    expect(attainment).not.toContain("Confidential");
    const weeks = await hoverText(uri, positionOf(AMPLIFY, "weeks_of_stock between", 3));
    expect(weeks).toContain("kpi weeks_of_stock = inventory_units / units_sold * 13");
    expect(weeks).toContain("**Confidential**");
  });

  it("hovers an input with its type, constraints and modifiers", async () => {
    const inventory = await hoverText(uri, positionOf(AMPLIFY, "inventory_units / units_sold", 2));
    expect(inventory).toContain("input inventory_units: integer min 0 optional confidential");
    expect(inventory).toContain("Input, an integer; optional.");
    expect(inventory).toContain("At least 0.");
    expect(inventory).toContain('**Confidential**: never written to any output; shows as "[redacted]".');
  });

  it("hovers a tier with its own and inherited requirements and benefits", async () => {
    const power = await hoverText(uri, positionOf(AMPLIFY, "when tier >= Power", 14));
    expect(power).toContain("Tier `Power`, rank 2 of 2, extends `Synergy`.");
    expect(power).toContain('- `shares_data` — "Data-sharing agreement signed" *(from Synergy)*');
    expect(power).toContain('- `investment >= 100k` — "Minimum partner investment"\n');
    expect(power).toContain("- Marketing support");
    expect(power).not.toContain("- Marketing support *(from");
    expect(power).toContain("- Standard incentive rates *(from Synergy)*");
  });

  it("hovers a scorecard, a table, a subtier and a reserved word", async () => {
    const performance = await hoverText(uri, positionOf(AMPLIFY, "performance >= 40%", 1));
    expect(performance).toContain("attainment weight 25% threshold 80% target 120% max 125%");
    const table = await hoverText(uri, positionOf(AMPLIFY, "* base_rate", 3));
    expect(table).toContain("Table `base_rate` by `tier`");
    expect(table).toContain("Synergy: 1%\nPower: 2%\notherwise: 0");
    const subtier = await hoverText(uri, positionOf(AMPLIFY, 'when "Power Services"', 8));
    expect(subtier).toContain('Subtier `"Power Services"` of `Power`');
    expect(subtier).toContain("- `services_capability >= 60%`");
    expect(await hoverText(uri, positionOf(AMPLIFY, "  cap 150k", 3))).toBe("`cap`: The most an incentive pays.");
  });

  it("goes to the definition of a tier, a quoted subtier and an input in `given`", async () => {
    const definitionOf = async (position: Position) =>
      textAt(
        AMPLIFY,
        (await client.request<Location>("textDocument/definition", { textDocument: { uri }, position })).range,
      );
    const synergy = await client.request<Location>("textDocument/definition", {
      textDocument: { uri },
      position: positionOf(AMPLIFY, "extends Synergy", 9),
    });
    expect(synergy.range.start).toEqual(positionOf(AMPLIFY, "tier Synergy {", 5));
    expect(await definitionOf(positionOf(AMPLIFY, 'when "Power Services"', 10))).toBe('"Power Services"');
    const given = await client.request<Location>("textDocument/definition", {
      textDocument: { uri },
      position: positionOf(AMPLIFY, "    csat: 7.5", 5),
    });
    expect(given.range.start).toEqual(positionOf(AMPLIFY, "input csat", 6));
  });

  it("finds every reference to a scorecard and highlights them", async () => {
    const found = await client.request<Location[]>("textDocument/references", {
      textDocument: { uri },
      position: positionOf(AMPLIFY, "scorecard performance", 12),
      context: { includeDeclaration: true },
    });
    // The declaration, `when … performance >= 40%`, `* performance` and six test expectations.
    expect(found).toHaveLength(9);
    for (const location of found) expect(textAt(AMPLIFY, location.range)).toBe("performance");
    const withoutDeclaration = await client.request<Location[]>("textDocument/references", {
      textDocument: { uri },
      position: positionOf(AMPLIFY, "scorecard performance", 12),
      context: { includeDeclaration: false },
    });
    expect(withoutDeclaration).toHaveLength(8);
    const highlights = await client.request<{ kind: number }[]>("textDocument/documentHighlight", {
      textDocument: { uri },
      position: positionOf(AMPLIFY, "performance >= 40%", 2),
    });
    expect(highlights.map((h) => h.kind).sort()).toEqual([2, 2, 2, 2, 2, 2, 2, 2, 3]);
  });

  it("lists the declarations as symbols and folds the blocks", async () => {
    const symbols = await client.request<DocumentSymbol[]>("textDocument/documentSymbol", { textDocument: { uri } });
    const names = symbols.map((s) => s.name);
    expect(names[0]).toBe('program "Amplify"');
    expect(names).toEqual(expect.arrayContaining(["Synergy", "Power", "Power Services", "performance", "base_rate"]));
    expect(names).toContain("a Synergy partner earns the standard rates");
    const performance = symbols.find((s) => s.name === "performance")!;
    expect(performance.children!.map((c) => c.name)).toEqual([
      "attainment",
      "conversion",
      "presales_usage",
      "services_capability",
      "delivery_days",
      "retention",
      "expansion",
      "csat",
    ]);
    const folds = await client.request<FoldingRange[]>("textDocument/foldingRange", { textDocument: { uri } });
    const header = positionOf(AMPLIFY, 'program "Amplify" {').line;
    expect(folds).toContainEqual({ startLine: header, endLine: header + 3 });
    expect(folds).toContainEqual({ startLine: 0, endLine: 10, kind: "comment" });
  });
});

describe("ppl lsp as the program changes", { timeout: TIMEOUT }, () => {
  it("publishes an unknown name with its range and offers the quick fix", async () => {
    const { uri } = await openChecked(AMPLIFY);
    const broken = AMPLIFY.replace("require revenue >= 50k", "require revenu >= 50k");
    const version = await client.change(uri, broken);
    const { diagnostics } = await client.versionDiagnostics(uri, version);
    expect(diagnostics).toHaveLength(1);
    const [unknown] = diagnostics;
    expect(unknown.code).toBe("PPL2003");
    expect(unknown.severity).toBe(1);
    expect(unknown.message).toBe("unknown name `revenu`; did you mean `revenue`?");
    expect(unknown.range.start).toEqual(positionOf(broken, "revenu >= 50k"));
    expect(textAt(broken, unknown.range)).toBe("revenu");
    const actions = await client.request<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri },
      range: unknown.range,
      context: { diagnostics },
    });
    expect(actions.map((a) => a.title)).toEqual(["Change to `revenue`"]);
    expect(actions[0].kind).toBe("quickfix");
    expect(applyEdits(broken, actions[0].edit!.changes![uri])).toBe(AMPLIFY);
    expect(await lensTitles(uri)).toEqual(Array(6).fill("○ not run: the program has errors"));
  });

  it("publishes the same diagnostics again when an edit is undone, for the new version", async () => {
    const broken = AMPLIFY.replace("require revenue >= 50k", "require revenu >= 50k");
    const { uri, published } = await openChecked(broken);
    expect(published.diagnostics.map((d) => d.code)).toEqual(["PPL2003"]);
    const fixed = await client.change(uri, AMPLIFY);
    expect((await client.versionDiagnostics(uri, fixed)).diagnostics).toEqual([]);
    // The same text as version 2: the server takes its check, and says so for version 3.
    const again = await client.change(uri, AMPLIFY);
    expect((await client.versionDiagnostics(uri, again)).diagnostics).toEqual([]);
    expect(await lensTitles(uri)).toEqual(Array(6).fill("✓ passes"));
    const undone = await client.change(uri, broken);
    expect((await client.versionDiagnostics(uri, undone)).diagnostics).toEqual(published.diagnostics);
  });

  it("offers the misspelt `one of` value and the related location of a duplicate", async () => {
    const { uri } = await openChecked(
      AMPLIFY.replace('"DaaS" in services or', '"Daas" in services or').replace(
        "input orders: integer min 0",
        "input orders: integer min 0\ninput orders: integer",
      ),
    );
    const { diagnostics } = await client.versionDiagnostics(uri, 1);
    const codes = diagnostics.map((d) => d.code);
    expect(codes).toContain("PPL2001");
    const duplicate = diagnostics.find((d) => d.code === "PPL2001")!;
    expect(duplicate.relatedInformation![0].location.range.start).toEqual(positionOf(AMPLIFY, "orders: integer", 0));
    const daas = diagnostics.find((d) => JSON.stringify(d.message).includes("Daas"))!;
    const actions = await client.request<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri },
      range: daas.range,
      context: { diagnostics: [daas] },
    });
    expect(actions[0].edit!.changes![uri][0].newText).toBe('"DaaS"');
  });

  it("offers the new name for a reserved word used as a name", async () => {
    const text = 'program "X" { currency USD }\ninput partner_id: text key\ninput total: money\n';
    const { uri, published } = await openChecked(text);
    const reserved = published.diagnostics.find((d) => d.code === "PPL1006")!;
    expect(textAt(text, reserved.range)).toBe("total");
    const actions = await client.request<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri },
      range: reserved.range,
      context: { diagnostics: [reserved] },
    });
    expect(actions.map((a) => a.title)).toEqual(["Change to `total_value`"]);
    expect(applyEdits(text, actions[0].edit!.changes![uri])).toContain("input total_value: money");
  });

  it("shows a failing test in its code lens and the values on the failing expect", async () => {
    const failing = AMPLIFY.replace("expect sales_rebate = 1940", "expect sales_rebate = 1941");
    const { uri } = await openChecked(failing);
    const withTests = await client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.source === "ppl test"));
    expect(withTests.diagnostics).toHaveLength(1);
    const [info] = withTests.diagnostics;
    expect(info.severity).toBe(3);
    expect(info.message).toBe("expect sales_rebate = 1941 fails: sales_rebate = 1940");
    expect(textAt(failing, info.range)).toBe("expect sales_rebate = 1941");
    expect(await lensTitles(uri)).toEqual(["✗ 1 expectation fails", ...Array(5).fill("✓ passes")]);
    const lenses = await client.request<CodeLens[]>("textDocument/codeLens", { textDocument: { uri } });
    expect(lenses[0].range.start).toEqual(positionOf(failing, 'test "a Synergy partner'));
  });

  it("renames a KPI everywhere, and the program still checks and passes", async () => {
    const { uri } = await openChecked(AMPLIFY);
    const edit = await renameAt(uri, positionOf(AMPLIFY, "kpi attainment", 5), "sales_attainment");
    const edits = edit.changes![uri];
    // The declaration, the Power requirement, the scorecard line, the table key and three expectations.
    expect(edits).toHaveLength(7);
    for (const e of edits) expect(textAt(AMPLIFY, e.range)).toBe("attainment");
    const renamed = applyEdits(AMPLIFY, edits);
    expect(renamed).toContain("kpi sales_attainment = revenue / sales_target otherwise 0");
    expect(renamed).toContain("table volume_multiplier by sales_attainment {");
    const version = await client.change(uri, renamed);
    expect((await client.versionDiagnostics(uri, version)).diagnostics).toEqual([]);
    expect(await lensTitles(uri)).toEqual(Array(6).fill("✓ passes"));
  });

  it("renames a tier to a name that needs quotes, quoting it everywhere", async () => {
    const { uri } = await openChecked(AMPLIFY);
    const edit = await renameAt(uri, positionOf(AMPLIFY, "tier Power extends", 6), "Power Plus");
    const renamed = applyEdits(AMPLIFY, edit.changes![uri]);
    expect(renamed).toContain('tier "Power Plus" extends Synergy {');
    expect(renamed).toContain('subtier "Power Services" of "Power Plus" {');
    expect(renamed).toContain('  "Power Plus":     2%');
    expect(renamed).toContain('when tier >= "Power Plus"\n');
    expect(renamed).toContain('expect tier = "Power Plus"\n');
    expect(renamed.replace(/#.*/g, "")).not.toMatch(/[^"]Power[^ "]/);
    const version = await client.change(uri, renamed);
    expect((await client.versionDiagnostics(uri, version)).diagnostics).toEqual([]);
    expect(await lensTitles(uri)).toEqual(Array(6).fill("✓ passes"));
  });

  it("refuses renames to reserved words, function names, clashes and non-names", async () => {
    const { uri } = await openChecked(AMPLIFY);
    const at = positionOf(AMPLIFY, "kpi attainment", 5);
    await expect(renameAt(uri, at, "tier")).rejects.toThrow("`tier` is a reserved word of PPL");
    await expect(renameAt(uri, at, "round")).rejects.toThrow("`round` is the name of a built-in function");
    await expect(renameAt(uri, at, "conversion")).rejects.toThrow("`conversion` is already declared (a KPI)");
    await expect(renameAt(uri, at, "Synergy")).rejects.toThrow("`Synergy` is already the name of a tier");
    await expect(renameAt(uri, at, "two words")).rejects.toThrow("is not a valid name");
    await expect(renameAt(uri, positionOf(AMPLIFY, "tier Power", 6), "Synergy")).rejects.toThrow(
      "already the name of a tier",
    );
    await expect(
      client.request("textDocument/prepareRename", {
        textDocument: { uri },
        position: positionOf(AMPLIFY, "  cap 150k", 3),
      }),
    ).rejects.toThrow("Only a declared name");
    const prepared = await client.request<{ placeholder: string }>("textDocument/prepareRename", {
      textDocument: { uri },
      position: positionOf(AMPLIFY, 'when "Power Services"', 9),
    });
    expect(prepared.placeholder).toBe("Power Services");
  });

  it("formats exactly as ppl fmt does", async () => {
    const folder = mkdtempSync(join(tmpdir(), "ppl-lsp-"));
    const file = join(folder, "messy.ppl");
    const messy = AMPLIFY.replace("kpi attainment = revenue / sales_target", "kpi attainment=revenue/sales_target")
      .replace("  Synergy:   1%", "Synergy:1%")
      .replace("  require revenue >= 1M       as", "      require revenue>=1M as");
    writeFileSync(file, messy);
    const { uri } = await openChecked(messy, pathToFileURL(file).href);
    const edits = await client.request<TextEdit[]>("textDocument/formatting", {
      textDocument: { uri },
      options: { tabSize: 2, insertSpaces: true },
    });
    execFileSync(process.execPath, [PPL_MAIN, "fmt", file], { cwd: folder });
    const formatted = readFileSync(file, "utf8");
    expect(formatted).not.toBe(messy);
    expect(applyEdits(messy, edits)).toBe(formatted);
    // A formatted document needs no edit.
    const version = await client.change(uri, formatted);
    await client.versionDiagnostics(uri, version);
    expect(
      await client.request<TextEdit[]>("textDocument/formatting", {
        textDocument: { uri },
        options: { tabSize: 2, insertSpaces: true },
      }),
    ).toEqual([]);
  });
});

describe("ppl lsp completion", { timeout: TIMEOUT }, () => {
  const cut = (text: string, marker: string) => text.replace(marker, "");

  it("offers tier names after `tier >=` and the values of a list inside its string", async () => {
    const text = AMPLIFY.replace("when tier >= Power\n", "when tier >= \n");
    const { uri } = await openChecked(text);
    expect(await completionLabels(uri, positionOf(text, "when tier >= \n", 13))).toEqual(["Synergy", "Power"]);
    const inString = await client.request<CompletionItem[]>("textDocument/completion", {
      textDocument: { uri },
      position: positionOf(text, '"DaaS" in services', 2),
    });
    expect(inString.map((i) => i.label)).toEqual(["DaaS", "Managed Print"]);
    expect((inString[1].textEdit as TextEdit).newText).toBe("Managed Print");
    expect(textAt(text, (inString[1].textEdit as TextEdit).range)).toBe("DaaS");
    expect(await completionLabels(uri, positionOf(text, 'when "Power Services" in subtiers', 7))).toEqual([
      "Power Services",
    ]);
    expect(await completionLabels(uri, positionOf(text, 'region: "AMS"', 9))).toEqual(["AMS", "EMEA", "APJ"]);
  });

  it("offers the keywords valid at the cursor, names that fit, and snippets", async () => {
    const text = AMPLIFY + "\nincentive extra {\n  \n}\n\nkpi more = reve\n\n";
    const { uri } = await openChecked(text);
    const inIncentive = await completionLabels(uri, positionOf(text, "incentive extra {\n  ", 20));
    expect(inIncentive).toEqual(expect.arrayContaining(["when", "amount", "cap"]));
    expect(inIncentive).not.toContain("require");
    expect(inIncentive).not.toContain("revenue");
    const inExpression = await client.request<CompletionItem[]>("textDocument/completion", {
      textDocument: { uri },
      position: positionOf(text, "kpi more = reve", 15),
    });
    const labels = inExpression.map((i) => i.label);
    expect(labels).toEqual(
      expect.arrayContaining(["revenue", "attainment", "performance", "base_rate", "round", "if", "not"]),
    );
    expect(labels).not.toContain("more");
    expect(labels).not.toContain("total");
    expect(inExpression.find((i) => i.label === "revenue")!.detail).toBe("input, a money value");
    const atTop = await client.request<CompletionItem[]>("textDocument/completion", {
      textDocument: { uri },
      position: positionOf(text, "kpi more = reve\n\n", 16),
    });
    const topLabels = atTop.map((i) => i.label);
    expect(topLabels).toEqual(
      expect.arrayContaining(["tier", "incentive", "test", "tier …", "incentive …", "scorecard …"]),
    );
    expect(topLabels).not.toContain("revenue");
  });

  it("offers inputs in `given`, tiers after `extends` and in a table by tier", async () => {
    const text = cut(AMPLIFY, '    partner_id: "S-100",\n').replace(
      "tier Power extends Synergy",
      "tier Power extends ",
    );
    const { uri } = await openChecked(text);
    const given = await client.request<CompletionItem[]>("textDocument/completion", {
      textDocument: { uri },
      position: positionOf(text, "given {\n", 8),
    });
    expect(given.find((i) => i.label === "partner_id")!.insertText).toBe("partner_id: ");
    expect(given.map((i) => i.label)).not.toContain("attainment");
    expect(await completionLabels(uri, positionOf(text, "tier Power extends ", 19))).toEqual(["Synergy", "Power"]);
    const rows = await completionLabels(uri, positionOf(text, "  otherwise: 0", 2));
    expect(rows).toEqual(expect.arrayContaining(["Synergy", "Power", "otherwise"]));
  });
});

describe("ppl lsp on broken documents", { timeout: TIMEOUT }, () => {
  const BROKEN: Record<string, string> = {
    "half-typed":
      'program "X" {\n  currency USD\n}\n\ninput partner_id: text key\ninput revenue: mon\nkpi a = revenue * \ntier Gold {\n  require a >=\n',
    "syntax errors":
      'program "X" { currency USD }\ninput k: text key\ntier {\n}}\nkpi = 3 +* 4\ntest "t" { given { k: } expect }\n',
    garbage: '\u0000\u0007{{{]]]"""\\\n#\u202e\ud800 tier tier tier >= >= "\n5kg 1. _ %%% \r\r\n' + "(".repeat(200),
    empty: "",
    "only a header": 'program "X" {',
  };

  it.each(Object.entries(BROKEN))("answers every request on %s and stays up", async (_name, text) => {
    const { uri, published } = await openChecked(text);
    if (text.length > 0 && text !== 'program "X" {') expect(published.diagnostics.length).toBeGreaterThan(0);
    for (const d of published.diagnostics) expect(typeof d.code).toBe("string");
    const document = TextDocument.create("x", "ppl", 1, text);
    const end = document.positionAt(text.length);
    const positions = [{ line: 0, character: 0 }, end, document.positionAt(Math.floor(text.length / 2))];
    for (const position of positions) {
      const at = { textDocument: { uri }, position };
      await client.request("textDocument/hover", at);
      await client.request("textDocument/definition", at);
      await client.request("textDocument/references", { ...at, context: { includeDeclaration: true } });
      await client.request("textDocument/documentHighlight", at);
      await client.request("textDocument/completion", at);
      await client.request("textDocument/rename", { ...at, newName: "renamed" }).catch((error: Error) => {
        expect(error.message).toContain("Only a declared name");
      });
    }
    const whole = { textDocument: { uri } };
    expect(Array.isArray(await client.request("textDocument/documentSymbol", whole))).toBe(true);
    expect(Array.isArray(await client.request("textDocument/foldingRange", whole))).toBe(true);
    expect(
      await client.request("textDocument/formatting", { ...whole, options: { tabSize: 2, insertSpaces: true } }),
    ).toEqual(published.diagnostics.some((d) => d.severity === 1) ? [] : expect.any(Array));
    expect(Array.isArray(await client.request("textDocument/codeLens", whole))).toBe(true);
    await client.close(uri);
  });

  it(
    "survives every prefix of the program being typed, without an internal error",
    async () => {
      const uri = newUri();
      await client.open(uri, "");
      for (let cut = 0; cut <= AMPLIFY.length; cut += 211) {
        const text = AMPLIFY.slice(0, cut);
        const version = await client.change(uri, text);
        await client.versionDiagnostics(uri, version);
        const end = TextDocument.create("x", "ppl", 1, text).positionAt(text.length);
        await client.request("textDocument/completion", { textDocument: { uri }, position: end });
        await client.request("textDocument/hover", { textDocument: { uri }, position: end });
        await client.request("textDocument/codeLens", { textDocument: { uri } });
      }
      expect(client.logs.filter((log) => log.message.includes("internal error"))).toEqual([]);
      // Still the same server, still answering.
      const { uri: amplify } = await openChecked(AMPLIFY);
      expect(await hoverText(amplify, positionOf(AMPLIFY, "  cap 150k", 3))).toBe("`cap`: The most an incentive pays.");
    },
    TIMEOUT,
  );
});
