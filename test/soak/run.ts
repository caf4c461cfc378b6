// `npm run test:soak -- --runs N [--seed S] [--work-dir DIR] [--database-url postgres://...]`: the soak campaign
// from the command line, the reference server on PGlite or on the PostgreSQL given. Prints one line per run and a
// summary; exits 1 when any run failed.
import { execFileSync } from 'node:child_process';
import { runCampaign } from './campaign';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function integer(name: string, fallback: number): number {
  const raw = option(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    process.stderr.write(`--${name} expects a whole number, got « ${raw} »\n`);
    process.exit(2);
  }
  return n;
}

const runs = integer('runs', 20);
const seed = integer('seed', Date.now() % 1_000_000);
const workDir = option('work-dir');
const databaseUrl = option('database-url');
// Which code ran: the campaign bundles the working tree as it is when it starts.
let revision = 'unknown revision';
try {
  const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim() ? ' + uncommitted changes' : '';
  revision = `${head}${dirty}`;
} catch {
  // not a git checkout
}
process.stdout.write(`soak campaign: ${runs} runs from seed ${seed} on ${revision}, server on ${databaseUrl ? 'PostgreSQL' : 'PGlite'}, ${new Date().toISOString()}\n`);
const report = await runCampaign({ runs, seed, ...(workDir ? { workDir } : {}), ...(databaseUrl ? { databaseUrl } : {}), log: (line) => process.stdout.write(`${line}\n`) });
process.exit(report.failed > 0 ? 1 : 0);
