// The soak campaign: one reference server (PGlite on disk, so it can be restarted) and one client process per demo
// user, each behind its own fault proxy, kept across runs as real installations are; then `runs` seeded runs
// (test/soak/scenario.ts), each checked on its own. Run i uses seed `seed + i`: the scenario of a failed run is
// replayed by `--seed <its seed> --runs 1` (on a fresh campaign, so with another history around it).
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startReferenceServer, type ReferenceServer, type StartOptions } from '../../server/index';
import { bundleCoreChild, ClientProcess, type ClientSettings } from './client-process';
import { FAULT_KINDS, startFaultProxy, type FaultKind } from './fault-proxy';
import { compareEverything, runOnce, type Role, type RunEnvironment, type RunResult, type SoakUser } from './scenario';
import { signIn, StructureView } from './server-view';
import { createRng } from '../../server/demo/prng';

export const SOAK_NOW = '2025-06-16T10:00:00.000Z';

const USERS: { name: string; email: string; role: Role }[] = [
  { name: 'manager', email: 'manager@demo.test', role: 'enricher' },
  { name: 'manager2', email: 'manager2@demo.test', role: 'enricher' },
  { name: 'preinscription', email: 'preinscription@demo.test', role: 'of' },
  { name: 'n1', email: 'prescripteur-n1@demo.test', role: 'n1' },
  { name: 'n2', email: 'prescripteur-n2@demo.test', role: 'n2' },
  { name: 'n3', email: 'prescripteur-n3@demo.test', role: 'n3' },
];

export type CampaignOptions = {
  runs: number;
  seed: number;
  /** Receives one line per run and the summary. */
  log?: (line: string) => void;
  /** Keeps the server and client data here (a temporary directory, removed at the end, when absent). */
  workDir?: string;
  /** The core's HTTP timeout; "delay" faults hold answers past it. */
  httpTimeoutMs?: number;
  /**
   * A PostgreSQL server to run the reference server on (as deployed) instead of PGlite: the campaign creates a
   * database of its own there and drops it at the end.
   */
  databaseUrl?: string;
};

export type CampaignReport = {
  runs: number;
  passed: number;
  failed: number;
  /** Runs in which at least one fault, kill or restart happened. */
  faultedRuns: number;
  faults: Record<FaultKind, number> & { total: number };
  offlinePeriods: number;
  serverRestarts: number;
  kills: { midCommand: number; midSync: number; total: number };
  decisions: number;
  applied: number;
  conflicts: number;
  uncommitted: number;
  replaced: number;
  refusedLocally: number;
  /** Queued decisions taken back (« Annuler ») or edited before they were sent. */
  cancelled: number;
  edits: number;
  /** Taken back, yet applied or shown as a conflict. */
  revived: number;
  lost: number;
  duplicated: number;
  overfills: number;
  mismatches: number;
  /** Comparisons of every client's whole data with the server's (every 100 runs and after the last). */
  fullComparisons: number;
  failures: { run: number; seed: number; problems: string[] }[];
  ms: number;
};

export function emptyReport(): CampaignReport {
  return {
    runs: 0, passed: 0, failed: 0, faultedRuns: 0, faults: { reset: 0, drop: 0, truncate: 0, delay: 0, total: 0 }, offlinePeriods: 0, serverRestarts: 0,
    kills: { midCommand: 0, midSync: 0, total: 0 }, decisions: 0, applied: 0, conflicts: 0, uncommitted: 0, replaced: 0, refusedLocally: 0, cancelled: 0, edits: 0, revived: 0,
    lost: 0, duplicated: 0, overfills: 0, mismatches: 0, fullComparisons: 0, failures: [], ms: 0,
  };
}

export function addRun(report: CampaignReport, r: RunResult): void {
  report.runs += 1;
  const faults = FAULT_KINDS.reduce((n, k) => n + r.faults[k], 0);
  for (const k of FAULT_KINDS) report.faults[k] += r.faults[k];
  report.faults.total += faults;
  report.offlinePeriods += r.offline;
  report.serverRestarts += r.serverRestarts;
  report.kills.midCommand += r.killsMidCommand;
  report.kills.midSync += r.killsMidSync;
  report.kills.total += r.killsMidCommand + r.killsMidSync;
  if (faults + r.serverRestarts + r.killsMidCommand + r.killsMidSync > 0) report.faultedRuns += 1;
  report.decisions += r.verdict.decisions;
  report.applied += r.verdict.applied;
  report.conflicts += r.verdict.conflicts;
  report.uncommitted += r.verdict.uncommitted;
  report.replaced += r.verdict.replaced;
  report.refusedLocally += r.refusedLocally;
  report.cancelled += r.verdict.cancelled;
  report.edits += r.edits;
  report.revived += r.verdict.revived.length;
  report.lost += r.verdict.lost.length;
  report.duplicated += r.verdict.duplicated.length;
  report.overfills += r.overfills;
  report.mismatches += r.mismatches;
  if (r.problems.length) {
    report.failed += 1;
    report.failures.push({ run: r.run, seed: r.seed, problems: r.problems });
  } else report.passed += 1;
}

export function runLine(r: RunResult): string {
  const faults = FAULT_KINDS.map((k) => r.faults[k]).reduce((a, b) => a + b, 0);
  const v = r.verdict;
  return `run ${r.run} seed ${r.seed}: ${r.problems.length ? 'FAILED' : 'ok'} ${(r.ms / 1000).toFixed(1)}s · faults ${faults} offline ${r.offline} restarts ${r.serverRestarts} kills ${r.killsMidCommand}+${r.killsMidSync}`
    + ` · decisions ${v.decisions} (applied ${v.applied}, conflicts ${v.conflicts}, uncommitted ${v.uncommitted}, replaced ${v.replaced}, cancelled ${v.cancelled}, edited ${r.edits})`
    + (process.env.SOAK_TRACE ? ` · ${Object.entries(r.phases).map(([k, v]) => `${k} ${v}`).join(' ')}` : '')
    + (r.problems.length ? `\n  ${r.problems.join('\n  ')}` : '');
}

export function summary(report: CampaignReport): string[] {
  const f = report.faults;
  return [
    `runs ${report.runs} (faulted ${report.faultedRuns}) in ${(report.ms / 1000).toFixed(0)} s`,
    `faults ${f.total} (reset ${f.reset}, dropped ${f.drop}, truncated ${f.truncate}, delayed past timeout ${f.delay}), offline periods ${report.offlinePeriods}, server restarts ${report.serverRestarts}`,
    `kills ${report.kills.total} (mid-command ${report.kills.midCommand}, mid-sync ${report.kills.midSync})`,
    `decisions ${report.decisions}: applied ${report.applied}, conflicts ${report.conflicts}, uncommitted (killed before commit) ${report.uncommitted}, replaced by a later edit ${report.replaced}; refused locally ${report.refusedLocally}`,
    `taken back before sending ${report.cancelled}, edited before sending ${report.edits}`,
    `lost ${report.lost}, duplicated ${report.duplicated}, revived ${report.revived}, overfills ${report.overfills}, client/server mismatches ${report.mismatches} (whole data compared ${report.fullComparisons} times)`,
    `${report.passed} passed, ${report.failed} failed`,
  ];
}

/** A fresh database on a PostgreSQL server, for one campaign. */
async function createDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `rafael_soak_${process.pid}_${Date.now()}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}

export async function runCampaign(options: CampaignOptions): Promise<CampaignReport> {
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  // In memory where the OS offers it: the server's database files and the clients' are rewritten all the time. A
  // SIGKILL loses the process, not the OS's file cache, so what the kills test holds there as on a disk.
  const workDir = options.workDir ?? (await mkdtemp(path.join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'rafael-soak-')));
  const httpTimeoutMs = options.httpTimeoutMs ?? 2500;
  const report = emptyReport();
  const database = options.databaseUrl ? await createDatabase(options.databaseUrl) : null;
  const serverOptions: StartOptions = {
    logLevel: 'silent',
    ...(database ? { databaseUrl: database.url } : { pgliteDataDir: path.join(workDir, 'server') }),
    eosApiKey: 'soak-eos-key-0123456789abcdef',
    loginRateLimit: { max: 100_000, timeWindow: '1 minute' },
  };
  let server: ReferenceServer = await startReferenceServer({ ...serverOptions, now: SOAK_NOW });
  const clockOffsetMs = server.clock.now().getTime() - Date.now();
  const now = () => new Date(Date.now() + clockOffsetMs);
  const users: SoakUser[] = [];
  const trace = (what: string) => process.env.SOAK_TRACE && log(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${what}`);
  trace('server started');
  try {
    const bundle = await bundleCoreChild();
    const settings: ClientSettings = { clockOffsetMs, httpTimeoutMs, httpRetries: 1, syncIntervalMs: 5000, pushDelayMs: 50 };
    const fatal: string[] = [];
    for (const u of USERS) {
      const proxy = await startFaultProxy({ rng: createRng(options.seed), target: server.url, delayMs: httpTimeoutMs + 300 });
      const client = new ClientProcess(u.name, bundle, path.join(workDir, 'clients', u.name), proxy.url, settings, (name, message) => fatal.push(`${name}: ${message}`));
      users.push({ ...u, client, proxy });
    }
    // With a few tries: six first sign-ins and initial syncs at once can outlast the short timeout the campaign
    // gives the cores on a loaded machine, which reads as "offline".
    await Promise.all(users.map(async (u) => {
      await u.client.start();
      for (let attempt = 1; ; attempt++) {
        const reply = await u.client.call('auth.signIn', { email: u.email, password: 'demo' });
        if (reply.ok) break;
        if (attempt === 8) throw new Error(`${u.name} cannot sign in: ${reply.error.code} ${reply.error.message}`);
      }
      for (let attempt = 1; ; attempt++) {
        const status = await u.client.value<{ lastError: string | null; lastSuccessAt: string | null }>('sync.now', {});
        if (status.lastError === null && status.lastSuccessAt !== null) break;
        if (attempt === 8) throw new Error(`${u.name} cannot complete a first sync: ${status.lastError}`);
      }
      trace(`${u.name} signed in and synced`);
    }));
    const ofView = new StructureView('of-demo', () => server.url, await signIn(server.url, 'manager@demo.test'));
    const prescView = new StructureView('presc-demo', () => server.url, await signIn(server.url, 'prescripteur-n3@demo.test'));
    await ofView.refresh();
    await prescView.refresh();
    const session = [...ofView.rows.sessions.values()].find((s) => s.orgRole === 'RESPONSABLE' && s.status === 'PUBLISHED');
    const action = session && ofView.rows.actions.get(session.actionId);
    if (!session || !action) throw new Error('no published session of the demo organisme to copy');

    const env: RunEnvironment = {
      users,
      serverUrl: () => server.url,
      eosApiKey: serverOptions.eosApiKey!,
      now,
      ofView,
      prescView,
      templates: { action, session },
      async restartServer() {
        for (const u of users) u.proxy.target = null;
        const closing = Date.now();
        trace(`restarting the server; waiting for it: ${users.flatMap((u) => [...u.proxy.pending].map((p) => `${u.name} ${p.method} ${p.path} for ${closing - p.since} ms`)).join(', ') || 'nothing'}`);
        await server.close();
        const starting = Date.now();
        server = await startReferenceServer({ ...serverOptions, now: now() });
        for (const u of users) u.proxy.target = server.url;
        trace(`server restarted: closed in ${starting - closing} ms, started in ${Date.now() - starting} ms`);
      },
    };

    for (let run = 0; run < options.runs; run++) {
      const seed = options.seed + run;
      let result: RunResult;
      try {
        result = await runOnce(env, run, seed);
      } catch (error) {
        result = {
          run, seed, problems: [`run aborted: ${error instanceof Error ? error.stack ?? error.message : String(error)}`],
          verdict: { decisions: 0, applied: 0, conflicts: 0, uncommitted: 0, replaced: 0, cancelled: 0, revived: [], lost: [], duplicated: [], unexplained: [] },
          overfills: 0, mismatches: 0, faults: { reset: 0, drop: 0, truncate: 0, delay: 0 }, offline: 0, serverRestarts: 0,
          killsMidCommand: 0, killsMidSync: 0, refusedLocally: 0, edits: 0, ms: 0, phases: {},
        };
      }
      result.problems.push(...fatal.splice(0).map((f) => `client process died on its own: ${f}`));
      // Every hundred runs and at the end, each client's whole data against the server's, not only the run's.
      if ((run + 1) % 100 === 0 || run === options.runs - 1) {
        const differences = await compareEverything(env).catch((error: unknown) => [`full comparison failed: ${String(error)}`]);
        result.mismatches += differences.length;
        result.problems.push(...differences.map((d) => `mismatch (whole data): ${d}`));
        report.fullComparisons += 1;
      }
      addRun(report, result);
      log(runLine(result));
    }
  } finally {
    await Promise.all(users.map((u) => u.client.stop().catch(() => undefined)));
    await Promise.all(users.map((u) => u.proxy.close()));
    await server.close().catch(() => undefined);
    await database?.drop().catch(() => undefined);
    if (!options.workDir) await rm(workDir, { recursive: true, force: true });
  }
  report.ms = Date.now() - started;
  for (const line of summary(report)) log(line);
  return report;
}
