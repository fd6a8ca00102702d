// Writes synthetic partner data (CSV) for rules/amplify.ppl.
//
//   npx tsx examples/generate-partners.ts [--rows N] [--out FILE] [--seed S] [--no-invalid]
//
// The output depends only on the options: a seeded PRNG (mulberry32) drives
// every choice, so the same seed gives the same bytes. Rows are generated and
// written one chunk at a time, so a million rows need no more memory than ten.
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

export interface GenerateOptions {
  /** Data rows, not counting the header. */
  rows: number;
  seed: number;
  /** Whether about 1% of rows break the input schema on purpose. */
  invalid: boolean;
}

export const DEFAULT_OPTIONS: GenerateOptions = { rows: 500, seed: 20201110, invalid: true };

/** The inputs of rules/amplify.ppl, in declaration order. */
export const COLUMNS = [
  "partner_id",
  "partner_name",
  "region",
  "revenue",
  "sales_target",
  "investment",
  "orders",
  "accounts_active",
  "deals_registered",
  "deals_won",
  "presales_requests",
  "services",
  "services_revenue",
  "certified_engineers",
  "delivery_days",
  "accounts_start",
  "accounts_retained",
  "accounts_expanded",
  "csat",
  "shares_data",
  "units_sold",
  "inventory_units",
  "online_sales_share",
  "repeat_buyer_share",
] as const;

type Column = (typeof COLUMNS)[number];
type Row = Record<Column, string>;

/** mulberry32: a small, fast 32-bit PRNG; plenty for synthetic data. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Random {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  /** An integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
}

// Integer arithmetic on cents keeps every money value exact.
function money(cents: number): string {
  const whole = Math.floor(cents / 100);
  const rest = cents % 100;
  return rest === 0 ? String(whole) : `${whole}.${String(rest).padStart(2, "0")}`;
}

/** A value with one decimal from a count of tenths: 75 → "7.5". */
function tenths(n: number): string {
  return n % 10 === 0 ? String(n / 10) : `${Math.floor(n / 10)}.${n % 10}`;
}

/** A percent from whole hundredths, as a fraction ("0.35") or, now and then, as "35%". */
function percent(rng: Random, hundredths: number): string {
  if (rng.chance(0.3)) return `${hundredths}%`;
  if (hundredths === 100) return "1";
  if (hundredths === 0) return "0";
  return `0.${String(hundredths).padStart(2, "0")}`.replace(/0$/, "");
}

const TRUE_SPELLINGS = ["true", "true", "true", "yes", "1", "TRUE", "Yes"];
const FALSE_SPELLINGS = ["false", "false", "no", "0", "FALSE", "No"];

const NAME_FIRST = ["Northwind", "Contoso", "Fabrikam", "Tailspin", "Adatum", "Litware", "Proseware", "Wingtip", "Lucerne", "Alpine"];
const NAME_SECOND = ["IT", "Systems", "Solutions", "Technologies", "Print Services", "Office Supply", "Digital", "Networks"];

function partnerName(rng: Random): string {
  const r = rng.float();
  if (r < 0.1) return "";
  // Commas and quotes exercise CSV quoting.
  if (r < 0.15) return `${rng.pick(NAME_FIRST)}, ${rng.pick(NAME_FIRST)} & Partners`;
  if (r < 0.17) return `The "${rng.pick(NAME_FIRST)}" ${rng.pick(NAME_SECOND)}`;
  return `${rng.pick(NAME_FIRST)} ${rng.pick(NAME_SECOND)}`;
}

type Archetype = "no-tier" | "synergy" | "power" | "power-services";

function archetype(rng: Random): Archetype {
  const r = rng.float();
  if (r < 0.1) return "no-tier";
  if (r < 0.62) return "synergy";
  if (r < 0.9) return "power";
  return "power-services";
}

/** One valid partner row of the given archetype. */
function partnerRow(rng: Random, index: number): Row {
  const kind = archetype(rng);
  const dollars = (lo: number, hi: number) => rng.int(lo, hi) * 100;

  let revenueCents: number;
  let investmentCents: number;
  if (kind === "power" || kind === "power-services") {
    revenueCents = dollars(1_000_000, 15_000_000);
    investmentCents = dollars(100_000, 600_000);
  } else if (kind === "synergy") {
    revenueCents = dollars(50_000, 900_000);
    investmentCents = dollars(0, 150_000);
  } else {
    revenueCents = dollars(0, 400_000);
    investmentCents = dollars(0, 50_000);
  }
  if (rng.chance(0.2)) revenueCents += rng.int(1, 99);

  // Attainment mostly between 75% and 130%.
  const attainmentPct = kind === "no-tier" || kind === "synergy" ? rng.int(60, 130) : rng.int(88, 135);
  const targetCents = Math.round((revenueCents * 100) / attainmentPct / 100) * 100;

  const avgDeal = rng.int(5_000, 80_000) * 100;
  const orders = Math.max(revenueCents > 0 ? 1 : 0, Math.round(revenueCents / avgDeal));
  const accountsActive = orders === 0 ? 0 : rng.int(1, Math.max(1, Math.ceil(orders * 0.8)));

  const dealsRegistered = rng.int(0, 120);
  const dealsWon = rng.int(0, dealsRegistered);
  const presales = rng.int(0, dealsRegistered);

  let services: string[];
  let engineers: number;
  if (kind === "power-services") {
    services = rng.pick([["DaaS"], ["Managed Print"], ["DaaS", "Managed Print"], ["DaaS", "Managed Print"]]);
    engineers = rng.int(3, 9);
  } else {
    const r = rng.float();
    services = r < 0.2 ? ["DaaS"] : r < 0.3 ? ["Managed Print"] : r < 0.35 ? ["DaaS", "Managed Print"] : [];
    engineers = rng.int(0, 5);
  }
  const servicesRevenue =
    services.length === 0 ? (rng.chance(0.5) ? "" : "0") : money(Math.round(revenueCents * rng.int(5, 40) / 100));

  // Accounts at the start of the quarter, close to the accounts that bought.
  const accountsStart = Math.max(5, Math.round((accountsActive * rng.int(80, 130)) / 100));
  const accountsRetained = rng.int(Math.floor(accountsStart * 0.6), accountsStart);
  const accountsExpanded = rng.int(0, Math.floor(accountsStart * 0.3));

  const csat = rng.chance(0.08) ? "" : tenths(kind === "power-services" ? rng.int(75, 100) : rng.int(40, 100));
  const deliveryDays = rng.chance(0.06) ? "" : tenths(rng.int(10, 140));

  const sharesData = kind === "no-tier" && rng.chance(0.6) ? rng.pick(FALSE_SPELLINGS) : rng.pick(TRUE_SPELLINGS);

  const unitsSold = rng.int(100, 50_000);
  // Weeks of stock = inventory / units_sold * 13, mostly between 0.5 and 12.
  const inventory = rng.chance(0.1) ? "" : String(Math.round((unitsSold * rng.int(5, 120)) / 130));

  return {
    partner_id: `AMP-${String(index).padStart(7, "0")}`,
    partner_name: partnerName(rng),
    region: rng.pick(["AMS", "AMS", "EMEA", "EMEA", "APJ"]),
    revenue: money(revenueCents),
    sales_target: money(targetCents),
    investment: money(investmentCents),
    orders: String(orders),
    accounts_active: String(accountsActive),
    deals_registered: String(dealsRegistered),
    deals_won: String(dealsWon),
    presales_requests: String(presales),
    services: services.join(";"),
    services_revenue: servicesRevenue,
    certified_engineers: String(engineers),
    delivery_days: deliveryDays,
    accounts_start: String(accountsStart),
    accounts_retained: String(accountsRetained),
    accounts_expanded: String(accountsExpanded),
    csat,
    shares_data: sharesData,
    units_sold: String(unitsSold),
    inventory_units: inventory,
    online_sales_share: percent(rng, rng.int(0, 80)),
    repeat_buyer_share: rng.chance(0.1) ? "" : percent(rng, rng.int(5, 70)),
  };
}

/** Puts values exactly on the program's thresholds and other edges. */
function applyEdgeCase(rng: Random, row: Row): void {
  switch (rng.int(0, 8)) {
    case 0: // no sales target: attainment falls back to 0
      row.sales_target = "0";
      break;
    case 1: // exactly the Synergy sales minimum
      row.revenue = "50000";
      row.sales_target = "50000";
      break;
    case 2: // exactly the Power minimums: 1M sales, 100k investment, 90% attainment
      row.revenue = "1000000";
      row.sales_target = "1111111.11";
      row.investment = "100000";
      if (rng.chance(0.5)) {
        row.revenue = "1800000";
        row.sales_target = "2000000";
      }
      break;
    case 3: // exactly the Power Services minimums: capability 60%, csat 8
      row.services = "DaaS";
      row.certified_engineers = "3";
      row.csat = "8";
      break;
    case 4: { // exactly 2 or 8 weeks of stock
      const k = rng.int(10, 3000);
      row.units_sold = String(13 * k);
      row.inventory_units = String(rng.chance(0.5) ? 2 * k : 8 * k);
      break;
    }
    case 5: // no orders and no accounts: average deal size and per-account revenue are missing
      row.orders = "0";
      row.accounts_active = "0";
      row.accounts_start = "0";
      row.accounts_retained = "0";
      row.accounts_expanded = "0";
      break;
    case 6: // no deal registrations: conversion falls back to 0
      row.deals_registered = "0";
      row.deals_won = "0";
      row.presales_requests = "0";
      break;
    case 7: // every optional value missing
      row.partner_name = "";
      row.services_revenue = "";
      row.delivery_days = "";
      row.csat = "";
      row.inventory_units = "";
      row.repeat_buyer_share = "";
      break;
    default: // exactly 90% retention, 25% conversion and 20 registrations
      row.accounts_start = "100";
      row.accounts_retained = "90";
      row.deals_registered = "20";
      row.deals_won = "5";
      break;
  }
}

const INVALID_KINDS = 6;

/** Breaks the row against the input schema, the way exported data goes wrong. */
function applyInvalidity(kind: number, row: Row): void {
  switch (kind % INVALID_KINDS) {
    case 0: // thousands separator
      row.revenue = "1,000";
      break;
    case 1: // negative value under `min 0`
      row.revenue = "-2500.00";
      break;
    case 2: // not one of the regions
      row.region = "LATAM";
      break;
    case 3: // a required field left empty
      row.region = "";
      break;
    case 4: // a suffix the CSV reader does not accept
      row.investment = "25k";
      break;
    default: // above `max 10`
      row.csat = "11";
      break;
  }
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function csvLine(row: Row): string {
  return COLUMNS.map((column) => csvField(row[column])).join(",") + "\n";
}

/** The CSV text, header first, one line at a time. */
export function* partnerLines(options: GenerateOptions): Generator<string> {
  const rng = new Random(options.seed);
  yield COLUMNS.join(",") + "\n";
  let invalidRows = 0;
  for (let i = 1; i <= options.rows; i++) {
    const row = partnerRow(rng, i);
    if (rng.chance(0.08)) applyEdgeCase(rng, row);
    // One row in 83 (about 1.2%), cycling through the faults, so that even
    // 500 rows hold every kind; the valid rows do not depend on this choice.
    if (options.invalid && i % 83 === 41) applyInvalidity(invalidRows++, row);
    yield csvLine(row);
  }
}

/** The whole CSV as one string; for small row counts (tests). */
export function partnersCsv(options: GenerateOptions): string {
  let text = "";
  for (const line of partnerLines(options)) text += line;
  return text;
}

/** Streams the CSV to `out`, waiting whenever the stream asks for it. */
export async function writePartners(options: GenerateOptions, out: NodeJS.WritableStream): Promise<void> {
  let chunk = "";
  for (const line of partnerLines(options)) {
    chunk += line;
    if (chunk.length >= 64 * 1024) {
      if (!out.write(chunk)) await once(out, "drain");
      chunk = "";
    }
  }
  if (chunk) out.write(chunk);
}

function usageError(message: string): never {
  process.stderr.write(
    `generate-partners: ${message}\n` +
      "usage: npx tsx examples/generate-partners.ts [--rows N] [--out FILE] [--seed S] [--no-invalid]\n",
  );
  process.exit(2);
}

function wholeNumber(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text)) usageError(`--${name} must be a whole number, got "${text}"`);
  return Number(text);
}

async function main(argv: string[]): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        rows: { type: "string" },
        out: { type: "string" },
        seed: { type: "string" },
        "no-invalid": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    usageError((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(
      "usage: npx tsx examples/generate-partners.ts [--rows N] [--out FILE] [--seed S] [--no-invalid]\n" +
        `  --rows N       data rows to write (default ${DEFAULT_OPTIONS.rows})\n` +
        "  --out FILE     write to FILE instead of stdout\n" +
        `  --seed S       PRNG seed (default ${DEFAULT_OPTIONS.seed})\n` +
        "  --no-invalid   leave out the ~1% of rows that break the input schema\n",
    );
    return;
  }
  const options: GenerateOptions = {
    rows: wholeNumber("rows", values.rows, DEFAULT_OPTIONS.rows),
    seed: wholeNumber("seed", values.seed, DEFAULT_OPTIONS.seed),
    invalid: !values["no-invalid"],
  };
  if (values.out) {
    const file = createWriteStream(values.out);
    await writePartners(options, file);
    file.end();
    await once(file, "finish");
  } else {
    process.stdout.on("error", (error: NodeJS.ErrnoException) => {
      // A closed pipe (`| head`) is not an error worth a stack trace.
      if (error.code === "EPIPE") process.exit(0);
      throw error;
    });
    await writePartners(options, process.stdout);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(process.argv.slice(2));
}
