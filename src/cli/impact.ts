// `ppl impact OLD NEW --data FILE`, or `ppl impact PROGRAM --base GIT-REF`:
// what a rule change does to real partners (tier moves, subtiers, money), in
// one streamed pass that evaluates both programs with the one evaluator.
import { execFileSync } from "node:child_process";
import { realpathSync } from "node:fs";
import { dirname, relative, sep } from "node:path";
import { Command, Option } from "commander";
import type { Artifact } from "../compile/artifact.js";
import { parseArtifact } from "../compile/artifact-schema.js";
import { OutputWriteError, writeFileAtomically, writeTarget } from "../io/atomic-file.js";
import { outputPathProblem } from "../io/output-paths.js";
import { DataFileError } from "../io/raw-record.js";
import { dataFormatOf, dataFormatProblem } from "../io/read-records.js";
import { readRecords } from "../io/data-file.js";
import { WorkerFailure, runBatches } from "../io/parallel/pool.js";
import { ChangesFile, changesFormatOf } from "../impact/changes-file.js";
import type { ImpactBatchResult, ImpactWorkerSetup } from "../impact/impact-worker.js";
import { GATE_HELP, GateError, checkGateNames, evaluateGates, parseGate, type Gate } from "../impact/gates.js";
import { DEFAULT_TOP, ImpactCounter, type PartnerChange } from "../impact/impact-counter.js";
import { IMPACT_WORKER } from "../impact/measure.js";
import { PairEvaluator, pairPrograms } from "../impact/pair.js";
import { programChanges } from "../impact/program-diff.js";
import { renderHtml } from "../impact/render-html.js";
import { renderHuman } from "../impact/render-human.js";
import { renderMarkdown } from "../impact/render-markdown.js";
import { buildReport, type ImpactReport } from "../impact/report.js";
import { EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE } from "./exit-codes.js";
import { compileSource, loadProgram } from "./load-program.js";
import { Progress } from "./progress.js";
import { DESCRIPTIONS } from "./command-descriptions.js";
import { workerCount, workersOption, workersOptionProblem } from "./worker-option.js";

type ImpactFormat = "human" | "markdown" | "json" | "html";

interface ImpactOptions {
  data: string;
  base?: string;
  format: ImpactFormat;
  changes?: string;
  out?: string;
  top: string;
  failIf?: string[];
  progress?: boolean;
  workers?: string;
}

export function impactCommand(): Command {
  return new Command("impact")
    .description(DESCRIPTIONS.impact)
    .argument("<old>", "the old program (.ppl or compiled .rules.json); with --base, the program itself")
    .argument("[new]", "the new program (.ppl or compiled .rules.json); not given with --base")
    .requiredOption("--data <file>", "partner data: .csv, .json (an array of records), .ndjson or .jsonl")
    .option("--base <git-ref>", "compare PROGRAM with its version at this git ref (git show REF:path)")
    .addOption(
      new Option("--format <format>", "report format").choices(["human", "markdown", "json", "html"]).default("human"),
    )
    .option("--out <file>", "write the report to this file (atomically) instead of stdout")
    .option("--changes <file>", "write one line per changed partner: NDJSON, or CSV for a .csv file")
    .option("--top <n>", "how many top movers to show", String(DEFAULT_TOP))
    .option(
      "--fail-if <condition>",
      'exit 1 when this holds, e.g. "total.delta > 10000" or "downgrades > 5%" (repeatable)',
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .option("--no-progress", "never show the progress line on stderr")
    .addOption(workersOption())
    .addHelpText(
      "after",
      `
Conditions for --fail-if:
  ${GATE_HELP.replace(/\n/g, "\n  ")}

A row changes when its tier, subtiers, an incentive or its total differs; rows
where only KPIs, scores or unmet requirements differ are counted apart. A row
invalid under either program is counted under invalid and left out of the rest.
Amounts, tiers and subtiers are shown; no KPI or input value is.

Exit codes: 0 no --fail-if condition holds (invalid rows are reported, not a
failure); 1 a condition holds; 2 a program does not compile, a file cannot be
read, or the command is misused.

Examples:
  ppl impact old.ppl rules/amplify.ppl --data examples/partners.csv
  ppl impact rules/amplify.ppl --base origin/main --data examples/partners.csv \\
    --format markdown --fail-if "total.delta > 5%" --fail-if "downgrades > 10"`,
    )
    .action(async (oldPath: string, newPath: string | undefined, options: ImpactOptions) => {
      process.exitCode = await impact(oldPath, newPath, options);
    });
}

function fail(message: string): number {
  process.stderr.write(message.endsWith("\n") ? message : message + "\n");
  return EXIT_USAGE;
}

interface GitProblem {
  problem: string;
}

function git(args: string[], cwd: string): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 1 << 28 });
}

/** The text of PROGRAM at REF, with the label `REF:path` it is reported under. */
function programAtRef(program: string, ref: string): { text: string; label: string } | GitProblem {
  let root: string;
  let folder: string;
  try {
    folder = dirname(realpathSync(program));
  } catch {
    return { problem: `${program}: cannot read the file (no such file); check the path` };
  }
  try {
    root = git(["rev-parse", "--show-toplevel"], folder).trim();
  } catch {
    return {
      problem: `${program}: not inside a git repository, so --base ${ref} cannot read its old version; give OLD and NEW files instead`,
    };
  }
  const path = relative(realpathSync(root), realpathSync(program)).split(sep).join("/");
  try {
    git(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], root);
  } catch {
    return {
      problem: `--base ${ref}: no such commit, branch or tag in ${root}; check the name (in CI, fetch it first: git fetch origin main)`,
    };
  }
  try {
    return { text: git(["show", `${ref}:${path}`], root), label: `${ref}:${path}` };
  } catch {
    return {
      problem: `--base ${ref}: ${path} does not exist at ${ref} (a new program has nothing to compare with); check the path or the ref`,
    };
  }
}

async function loadBase(
  program: string,
  ref: string,
): Promise<{ artifact?: Artifact; label: string; problem?: string }> {
  const found = programAtRef(program, ref);
  if ("problem" in found) return { problem: found.problem, label: "" };
  if (program.endsWith(".json")) {
    const loaded = parseArtifact(found.text);
    if (!loaded.ok) {
      return {
        label: found.label,
        problem: `${found.label}: not a valid PPL artifact:\n` + loaded.errors.map((error) => `  ${error}\n`).join(""),
      };
    }
    return { artifact: loaded.artifact, label: found.label };
  }
  return { artifact: await compileSource(found.label, found.text), label: found.label };
}

function render(report: ImpactReport, format: ImpactFormat): string {
  switch (format) {
    case "human":
      return renderHuman(report);
    case "markdown":
      return renderMarkdown(report);
    case "html":
      return renderHtml(report);
    case "json":
      return JSON.stringify(report, null, 2) + "\n";
  }
}

async function impact(oldPath: string, newPath: string | undefined, options: ImpactOptions): Promise<number> {
  if (options.base !== undefined && newPath !== undefined) {
    return fail(
      `ppl impact: give either OLD and NEW, or one PROGRAM with --base REF, not both (got ${oldPath}, ${newPath} and --base ${options.base})`,
    );
  }
  if (options.base === undefined && newPath === undefined) {
    return fail(`ppl impact: give OLD and NEW programs, or one PROGRAM with --base GIT-REF`);
  }
  const formatProblem = dataFormatProblem(options.data);
  if (formatProblem !== undefined) return fail(formatProblem);
  const workersProblem = workersOptionProblem(options.workers);
  if (workersProblem !== undefined) return fail(workersProblem);
  if (!/^[0-9]+$/.test(options.top)) {
    return fail(`--top ${options.top}: expected a whole number of partners, such as 10 (0 shows none)`);
  }
  let gates: Gate[];
  try {
    gates = (options.failIf ?? []).map(parseGate);
  } catch (error) {
    if (error instanceof GateError) return fail(error.message);
    throw error;
  }
  const programFile = newPath ?? oldPath;
  const outputs = [
    ...(options.out ? [{ label: "--out", path: options.out }] : []),
    ...(options.changes ? [{ label: "--changes", path: options.changes }] : []),
  ];
  const inputs = [
    { label: "--data", path: options.data },
    { label: newPath === undefined ? "PROGRAM" : "OLD", path: oldPath },
    ...(newPath !== undefined ? [{ label: "NEW", path: newPath }] : []),
  ];
  const pathProblem = await outputPathProblem(inputs, outputs);
  if (pathProblem !== undefined) return fail(pathProblem);

  let old: Artifact | undefined;
  let oldLabel: string;
  if (options.base !== undefined) {
    const base = await loadBase(programFile, options.base);
    if (base.problem !== undefined) return fail(base.problem);
    old = base.artifact;
    oldLabel = base.label;
  } else {
    old = await loadProgram(oldPath);
    oldLabel = oldPath;
  }
  const next = await loadProgram(programFile);
  if (!old || !next) return EXIT_USAGE;

  const programs = pairPrograms({ old, new: next });
  const queued: PartnerChange[] = [];
  const counter = new ImpactCounter(programs, {
    top: Number(options.top),
    ...(options.changes !== undefined ? { onChange: (change: PartnerChange) => void queued.push(change) } : {}),
  });
  try {
    checkGateNames(gates, counter.incentiveNames, [...new Set([...counter.tierNames.old, ...counter.tierNames.new])]);
  } catch (error) {
    if (error instanceof GateError) return fail(error.message);
    throw error;
  }

  let changes: ChangesFile | undefined;
  try {
    if (options.changes !== undefined) {
      changes = await ChangesFile.open(options.changes, counter.incentiveNames, counter.digits);
    }
  } catch (error) {
    if (!(error instanceof OutputWriteError)) throw error;
    return fail(`${error.path}: cannot write the changes (${error.message}); check the folder exists and is writable`);
  }
  const progress = new Progress(process.stderr, options.progress !== false);
  const workers = workerCount(options.workers, options.data);
  try {
    if (workers > 0) {
      const setup: ImpactWorkerSetup = {
        old: JSON.stringify(old),
        new: JSON.stringify(next),
        top: Number(options.top),
        ...(options.changes !== undefined ? { changes: changesFormatOf(options.changes) } : {}),
      };
      await runBatches<ImpactBatchResult>({
        worker: IMPACT_WORKER,
        setup,
        data: options.data,
        dataFormat: dataFormatOf(options.data) ?? "csv",
        workers,
        onResult: async (result) => {
          counter.merge(result.part);
          await changes?.writeText(result.changes);
          progress.tick(result.rows);
        },
      });
    } else {
      // On this thread only: with workers, each compiles the programs for itself.
      const pair = new PairEvaluator(programs);
      for await (const raw of readRecords(options.data)) {
        counter.add(pair.evaluate(raw));
        if (queued.length > 0) {
          for (const change of queued) await changes!.write(change);
          queued.length = 0;
        }
        progress.tick();
      }
    }
    progress.done();
  } catch (error) {
    progress.done();
    await changes?.abort();
    const replaced = options.changes !== undefined && !(await writeTarget(options.changes)).direct;
    const unchanged = replaced ? `; ${options.changes} is unchanged` : "";
    if (error instanceof OutputWriteError) return fail(`${error.path}: cannot write the changes (${error.message})`);
    if (error instanceof WorkerFailure) {
      return fail(
        `${options.data}: the comparison stopped because ${error.message}; please report it with the programs${unchanged}`,
      );
    }
    const message = error instanceof DataFileError ? error.message : (error as Error).message;
    return fail(`${options.data}: cannot read the data: ${message}${unchanged}`);
  }

  const results = evaluateGates(gates, counter);
  const report = buildReport(counter, { old: oldLabel, new: programFile }, programChanges(old, next), results);
  const text = render(report, options.format);
  try {
    await changes?.commit();
    if (options.out !== undefined) await writeFileAtomically(options.out, text);
    else process.stdout.write(text);
  } catch (error) {
    if (!(error instanceof OutputWriteError)) throw error;
    return fail(`${error.path}: cannot write (${error.message})`);
  }
  for (const result of results) {
    if (result.holds) process.stderr.write(`ppl impact: --fail-if "${result.gate.text}" holds (${result.value})\n`);
  }
  return results.some((result) => result.holds) ? EXIT_PROBLEMS : EXIT_OK;
}
