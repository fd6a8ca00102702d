// The page frame, styles and escaping shared by the report, the partner
// statements and `ppl impact --format html`:
// inline CSS (no web fonts, no network), readable on a laptop, clean when
// printed to PDF.

export const PAGE_STYLE = `
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2rem auto; max-width: 62rem;
  padding: 0 1rem; color: #1d1d1f; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: 0.5rem; }
h2 { font-size: 1.25rem; border-bottom: 1px solid #ddd; padding-bottom: 0.2rem; margin-top: 2rem; }
h3 { font-size: 1.05rem; margin-top: 1.2rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.15rem 1rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.9rem; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f3f3f5; }
figure.chart { margin: 1rem 0 1.5rem; break-inside: avoid; }
figure.chart figcaption { font-size: 0.85rem; color: #555; }
figure.chart .svg svg { max-width: 100%; height: auto; }
details summary { cursor: pointer; font-size: 0.85rem; color: #555; }
.none { color: #777; font-style: italic; }
.ok { color: #1b7f3b; }
.fail { color: #b3261e; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  details { display: block; }
  details > summary { display: none; }
  h2 { break-after: avoid; }
  table, figure { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
`;

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/**
 * A whole self-contained page: a content security policy that lets it load
 * nothing (inline styles only, and `data:` images where a page asks for them),
 * so a report opened from disk never reaches the network.
 */
export function htmlPage(page: {
  title: string;
  style: string;
  body: readonly string[];
  dataImages?: boolean;
}): string {
  const images = page.dataImages === true ? "; img-src data:" : "";
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'${images}">`,
    `<title>${escapeHtml(page.title)}</title>`,
    `<style>${page.style}</style>`,
    "</head>",
    "<body>",
    ...page.body,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
