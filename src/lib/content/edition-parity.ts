/** The parts of a chapter that every language's edition must share: widgets, maths, tables, citations. */
export interface ChapterStructure {
  /** The import lines, as written. */
  imports: string[];
  /** Widget tags in order of appearance, by component name. */
  widgets: string[];
  /** Each widget tag's props other than `client:*` and `lang`, in order of appearance. */
  widgetProps: string[];
  /** Display formulas with the words inside `\text{…}` blanked, since those are prose. */
  displayMaths: string[];
  /** Number of inline `$…$` formulas. */
  inlineMathCount: number;
  /** Each Markdown table's number of rows (header included) and columns. */
  tables: { rows: number; columns: number }[];
  /** Citation keys in order of appearance. */
  citations: string[];
  /** Footnote names, sorted. */
  footnotes: string[];
  /** Number of headings at each level 2, 3 and 4. */
  headings: [number, number, number];
}

/** Removes frontmatter and code, where `$`, `<` and `[` are only characters. */
function proseOf(mdx: string): string {
  return mdx.replace(/^---[\s\S]*?\n---/, '').replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '``');
}

/** Reads the structure of one chapter's MDX source. */
export function chapterStructure(mdx: string): ChapterStructure {
  const body = proseOf(mdx);
  const imports = [...mdx.matchAll(/^import .*$/gm)].map((m) => m[0].trim());
  const withoutMaths = body.replace(/\$\$[\s\S]+?\$\$/g, '').replace(/\$[^$\n]+\$/g, '');
  const tags = [...withoutMaths.matchAll(/<([A-Z][A-Za-z0-9]*)\b([^>]*?)\/?>/g)];
  const displayMaths = [...body.matchAll(/\$\$([\s\S]+?)\$\$/g)].map((m) =>
    m[1]!.replace(/\\text\{[^}]*\}/g, '\\text{}').replace(/\s+/g, ' ').trim(),
  );
  const withoutDisplay = body.replace(/\$\$[\s\S]+?\$\$/g, '');
  const tables: { rows: number; columns: number }[] = [];
  let current: { rows: number; columns: number } | null = null;
  for (const line of body.split('\n')) {
    if (/^\s*\|.*\|\s*$/.test(line)) {
      if (!current) tables.push((current = { rows: 0, columns: line.split('|').length - 2 }));
      if (!/^\s*\|[\s:|-]+\|\s*$/.test(line)) current.rows += 1;
    } else current = null;
  }
  const count = (level: number) => [...body.matchAll(new RegExp(`^${'#'.repeat(level)} `, 'gm'))].length;
  return {
    imports,
    widgets: tags.map((m) => m[1]!),
    widgetProps: tags.map((m) =>
      m[2]!
        .split(/\s+/)
        .filter((p) => p && !p.startsWith('client:') && !p.startsWith('lang='))
        .join(' '),
    ),
    displayMaths,
    inlineMathCount: (withoutDisplay.match(/\$[^$\n]+\$/g) ?? []).length,
    tables,
    citations: [...body.matchAll(/\[(@[^\]]+)\]/g)].flatMap((m) => m[1]!.split(';').map((k) => k.trim().replace(/^@/, ''))),
    footnotes: [...new Set([...body.matchAll(/\[\^([^\]]+)\]:/g)].map((m) => m[1]!))].sort(),
    headings: [count(2), count(3), count(4)],
  };
}

/**
 * What differs between two editions of a chapter, as sentences naming each difference; empty when
 * they agree. Inline formulas may differ in number, since a translation may merge or split sentences.
 */
export function compareEditions(original: string, translation: string): string[] {
  const a = chapterStructure(original);
  const b = chapterStructure(translation);
  const problems: string[] = [];
  const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);
  if (!same(a.imports, b.imports)) problems.push(`imports differ: ${JSON.stringify(a.imports)} against ${JSON.stringify(b.imports)}`);
  if (!same(a.widgets, b.widgets)) problems.push(`widgets differ: ${a.widgets.join(', ')} against ${b.widgets.join(', ')}`);
  else if (!same(a.widgetProps, b.widgetProps)) problems.push(`widget props differ: ${JSON.stringify(a.widgetProps)} against ${JSON.stringify(b.widgetProps)}`);
  if (a.displayMaths.length !== b.displayMaths.length) problems.push(`${a.displayMaths.length} display formulas against ${b.displayMaths.length}`);
  else a.displayMaths.forEach((m, i) => m !== b.displayMaths[i] && problems.push(`display formula ${i + 1} differs: ${m} against ${b.displayMaths[i]}`));
  if (!same(a.tables, b.tables)) problems.push(`tables differ (rows × columns): ${JSON.stringify(a.tables)} against ${JSON.stringify(b.tables)}`);
  if (!same([...a.citations].sort(), [...b.citations].sort())) problems.push(`citations differ: ${a.citations.join(', ')} against ${b.citations.join(', ')}`);
  if (!same(a.footnotes, b.footnotes)) problems.push(`footnotes differ: ${a.footnotes.join(', ')} against ${b.footnotes.join(', ')}`);
  if (!same(a.headings, b.headings)) problems.push(`headings per level (2, 3, 4) differ: ${a.headings.join(', ')} against ${b.headings.join(', ')}`);
  return problems;
}
