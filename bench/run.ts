// `npm run bench`: finds bench/*.bench.ts, runs each one's default export, and prints one table of figures.
// Targets are printed beside the figures, never asserted; the exit code is non-zero only when a benchmark crashes
// (throws, or does not export a function returning figures). `npm run bench -- domain` runs only matching files.
// Every run also writes bench/RESULTS.md: the machine, the date, and each figure with its goal, met or missed by how much.
import { readdirSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchFigure } from './harness';

const here = dirname(fileURLToPath(import.meta.url));

function isFigure(x: unknown): x is BenchFigure {
  if (typeof x !== 'object' || x === null) return false;
  const f = x as Record<string, unknown>;
  return typeof f.name === 'string' && typeof f.value === 'number' && Number.isFinite(f.value) && typeof f.unit === 'string' &&
    (f.target === undefined || (typeof f.target === 'number' && Number.isFinite(f.target)));
}

type Ran = { label: string; description: string | null; figures: BenchFigure[] };

function verdict(f: BenchFigure): string {
  if (f.target === undefined) return '';
  return f.value <= f.target ? 'met' : `**missed**: ${formatNumber(f.value / f.target)}× the goal`;
}

/** bench/RESULTS.md: what ran, on what, when, and each figure against its goal. */
function writeResults(ran: Ran[], crashed: string[]): void {
  const cpu = cpus();
  const lines = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` on ${new Date().toISOString()}.`,
    '',
    `Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 1024 ** 3).toFixed(1)} GB RAM, ${process.platform} ${release()}, Node ${process.version}.`,
    '',
    'Figures marked (info) have no goal. A missed goal fails nothing: it says by how much it is missed.',
    '',
  ];
  for (const bench of ran) {
    if (bench.description) lines.push(`## ${bench.label}`, '', bench.description, '');
    const groups = [...new Set(bench.figures.map((f) => f.group ?? ''))];
    for (const group of groups) {
      lines.push(bench.description ? `### ${group || bench.label}` : `## ${bench.label}${group ? ` — ${group}` : ''}`, '');
      lines.push('| figure | value | goal | verdict |', '| --- | ---: | --- | --- |');
      for (const f of bench.figures.filter((x) => (x.group ?? '') === group)) {
        const goal = f.goal ?? (f.target !== undefined ? `≤ ${formatNumber(f.target)} ${f.unit}` : '');
        lines.push(`| ${f.name.replace(/\|/g, '\\|')} | ${formatNumber(f.value)} ${f.unit} | ${goal} | ${verdict(f)} |`);
      }
      lines.push('');
    }
  }
  if (crashed.length) lines.push(`Crashed: ${crashed.join(', ')}.`, '');
  writeFileSync(join(here, 'RESULTS.md'), lines.join('\n'));
}

function formatNumber(n: number): string {
  return Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2);
}

function printTable(rows: string[][]): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((cell, i) => (i >= 2 && i <= 3 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  console.log(line(rows[0]!));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows.slice(1)) console.log(line(r));
}

async function main(): Promise<number> {
  const filters = process.argv.slice(2);
  const files = readdirSync(here)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => filters.length === 0 || filters.some((q) => f.includes(q)))
    .sort();
  if (files.length === 0) {
    console.error(`No benchmark matches ${filters.length ? filters.join(', ') : 'bench/*.bench.ts'}.`);
    return 1;
  }

  const rows: string[][] = [['bench', 'figure', 'value', 'target', 'unit', 'note']];
  const crashed: string[] = [];
  const ran: Ran[] = [];
  for (const file of files) {
    const label = basename(file, '.bench.ts');
    process.stderr.write(`running ${file}…\n`);
    try {
      const mod = (await import(pathToFileURL(join(here, file)).href)) as { default?: unknown; description?: unknown };
      if (typeof mod.default !== 'function') throw new Error('no default export function');
      const figures: unknown = await (mod.default as () => Promise<unknown>)();
      if (!Array.isArray(figures) || !figures.every(isFigure)) throw new Error('the default export must resolve to [{ name, value, unit, target? }]');
      ran.push({ label, description: typeof mod.description === 'string' ? mod.description : null, figures });
      for (const f of figures) {
        const over = f.target !== undefined && f.value > f.target;
        rows.push([label, f.group ? `${f.group}: ${f.name}` : f.name, formatNumber(f.value), f.target === undefined ? '' : formatNumber(f.target), f.unit, over ? 'over target' : '']);
      }
    } catch (error) {
      crashed.push(file);
      rows.push([label, 'CRASHED', '', '', '', error instanceof Error ? error.message : String(error)]);
      console.error(`${file} crashed:`, error);
    }
  }

  console.log();
  printTable(rows);
  console.log(`\nNode ${process.version}, ${process.platform}/${process.arch}. Targets are budgets to watch, not assertions.`);
  writeResults(ran, crashed);
  console.log(`Written: ${join(here, 'RESULTS.md')}`);
  if (crashed.length) console.error(`\n${crashed.length} benchmark(s) crashed: ${crashed.join(', ')}`);
  return crashed.length ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
