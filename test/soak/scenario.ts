// One run of the campaign: a fresh session with one small entry point (made through the EOS feed, candidates
// applying through the public intake), then users of the demo structures giving avis, enriching the offer,
// handling pre-registrations and taking back or editing what is still queued, online or offline, while the network
// misbehaves, processes are killed and the server restarts. Then everything heals, every client syncs until nothing
// is left to send, and the checks run.
import { readFileSync } from 'node:fs';
import { addDays, parisDay, type CalendarDate } from '../../shared/domain/calendar-date';
import { allCounters } from '../../shared/domain/entry-point-counter';
import type { Decision } from '../../shared/protocol/sync';
import type { Action, Session } from '../../shared/protocol/entities';
import type { CandidatureDetail, CandidatureListRow, Conflict, PendingMutation, PreRegistrationView, SessionDetail, SyncStatus } from '../../shared/ipc/views';
import { createRng } from '../../server/demo/prng';
import { ProcessKilled, type ClientProcess } from './client-process';
import type { FaultProxy, FaultKind } from './fault-proxy';
import { judge, type DecisionRecord, type Verdict } from './ledger';
import { http, type StructureView } from './server-view';

export type Role = 'of' | 'enricher' | 'n1' | 'n2' | 'n3';

export type SoakUser = {
  name: string;
  email: string;
  /** What the user may do: 'of' gives avis, 'enricher' also enriches, n1/n2/n3 handle pre-registrations. */
  role: Role;
  client: ClientProcess;
  proxy: FaultProxy;
};

/** What a run needs from the campaign around it. */
export interface RunEnvironment {
  users: SoakUser[];
  serverUrl(): string;
  eosApiKey: string;
  now(): Date;
  restartServer(): Promise<void>;
  ofView: StructureView;
  prescView: StructureView;
  templates: { action: Action; session: Session };
}

export type RunResult = {
  run: number;
  seed: number;
  problems: string[];
  verdict: Verdict;
  overfills: number;
  mismatches: number;
  faults: Record<FaultKind, number>;
  offline: number;
  serverRestarts: number;
  killsMidCommand: number;
  killsMidSync: number;
  refusedLocally: number;
  /** Queued avis edited before they were sent. */
  edits: number;
  ms: number;
  /** Milliseconds spent in each phase, for tuning the campaign's pace. */
  phases: Record<string, number>;
};

type Page<T> = { total: number; rows: T[] };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const OF_ROLES: Role[] = ['of', 'enricher'];

/** JSON with sorted keys: two views of one row compare equal whatever order their fields were built in. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

function nameSeed(name: string): number {
  let h = 2166136261;
  for (const ch of name) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return h >>> 0;
}

export async function runOnce(env: RunEnvironment, run: number, seed: number): Promise<RunResult> {
  const started = Date.now();
  const rng = createRng(seed);
  const problems: string[] = [];
  const records: DecisionRecord[] = [];
  const result: RunResult = {
    run, seed, problems, verdict: judge([], new Map(), emptyFacts()), overfills: 0, mismatches: 0,
    faults: { reset: 0, drop: 0, truncate: 0, delay: 0 }, offline: 0, serverRestarts: 0, killsMidCommand: 0, killsMidSync: 0, refusedLocally: 0, edits: 0, ms: 0, phases: {},
  };
  let phaseStart = Date.now();
  const phase = (name: string) => {
    result.phases[name] = Date.now() - phaseStart;
    phaseStart = Date.now();
  };
  const faultsBefore = new Map(env.users.map((u) => [u.name, { ...u.proxy.faults }]));
  const forwardedBefore = env.users.reduce((n, u) => n + u.proxy.forwarded, 0);
  const cpuBefore = cpuMs(env);
  for (const u of env.users) {
    Object.assign(u.proxy, { rng: createRng(seed ^ nameSeed(u.name)), faultRate: 0, offline: false, trap: null });
  }

  // ---- the run's own session, made by EOS; candidates apply through the public intake ----------------------------
  const today: CalendarDate = parisDay(env.now());
  const ids = { action: `soak-a-${seed}`, session: `soak-s-${seed}`, entryPoint: `soak-e-${seed}` };
  const entryDate = addDays(today, 14);
  const places = rng.int(2, 5);
  const eos = (method: string, path: string, body?: unknown) => http(env.serverUrl(), method, `/eos${path}`, { body, headers: { 'x-api-key': env.eosApiKey } });
  const { version: _av, highlight: _h, webLink: _w, responsibleStructureName: _n, ...actionFields } = env.templates.action;
  const { version: _sv, orgRole: _r, ...sessionFields } = env.templates.session;
  const setup = [
    await eos('PUT', '/actions', { actions: [{ ...actionFields, id: ids.action, reference: `SOAK${seed}`, title: `Campagne ${seed}`, responsibleStructureId: env.ofView.structureId }] }),
    await eos('PUT', '/sessions', {
      sessions: [{
        ...sessionFields, ...('endDate' in sessionFields ? { endDate: addDays(today, 400) } : {}),
        id: ids.session, actionId: ids.action, carifNumber: `SK${seed}`, status: 'PUBLISHED',
        publishedOn: addDays(today, -30), marketStart: addDays(today, -30), marketEnd: addDays(today, 700),
        roles: [{ structureId: env.ofView.structureId, role: 'RESPONSABLE' }],
      }],
    }),
    await eos('POST', `/sessions/${ids.session}/entry-points`, { id: ids.entryPoint, date: entryDate, places, bis: false }),
  ];
  const failedSetup = setup.find((r) => r.status >= 300);
  if (failedSetup) throw new Error(`run ${seed}: EOS setup refused: ${failedSetup.status} ${JSON.stringify(failedSetup.body)}`);
  let applicants = 0;
  const apply = async () => {
    applicants += 1;
    const n = applicants;
    const reply = await http(env.serverUrl(), 'POST', `/sessions/${ids.session}/candidatures`, {
      body: { candidate: { firstName: 'Candidat', lastName: `C${seed}x${n}`, email: `c${seed}x${n}@soak.test`, phone: null } },
    }).catch(() => null); // the server may be restarting: the candidate tries another day
    if (reply && reply.status >= 500) problems.push(`intake answered ${reply.status}`);
  };
  for (let i = rng.int(1, places); i > 0; i--) await apply();
  await env.ofView.refresh();
  const actionVersionAtStart = env.ofView.rows.actions.get(ids.action)?.version ?? 0;
  phase('setup');

  // Everyone sees the session before the trouble starts (a user cannot act on what they never received).
  await Promise.all(env.users.map((u) => u.client.start()));
  for (let attempt = 0; ; attempt++) {
    const seen = await Promise.all(env.users.map(async (u) => {
      await u.client.call('sync.now', {});
      return (await u.client.call('sessions.get', { id: ids.session })).ok;
    }));
    if (seen.every(Boolean)) break;
    // On a loaded machine a sync can outlast the short timeout the campaign gives the cores: try again.
    if (attempt === 8) throw new Error(`run ${seed}: the session never reached every client`);
  }
  phase('reach');

  // ---- users at work, faults and kills ------------------------------------------------------------------------
  let tagSeq = 0;
  let exitSeq = 0;
  const ensureAlive = (u: SoakUser) => u.client.start();

  /** Sends a command; with `killAfterMs` the process is killed that long after sending, whatever it was doing. */
  const issue = async (u: SoakUser, channel: string, input: unknown, record: Omit<DecisionRecord, 'certainty' | 'mutationId' | 'user'>, killAfterMs?: number) => {
    await ensureAlive(u);
    const pending = u.client.call(channel, input);
    if (killAfterMs !== undefined) {
      await sleep(killAfterMs);
      if (u.client.alive) {
        await u.client.kill();
        result.killsMidCommand += 1;
      }
    }
    let reply;
    try {
      reply = await pending;
    } catch (error) {
      if (!(error instanceof ProcessKilled)) throw error;
      records.push({ ...record, user: u.name, certainty: 'uncertain', mutationId: null });
      return;
    }
    if (reply.ok) {
      records.push({ ...record, user: u.name, certainty: 'acked', mutationId: (reply.value as { mutationId: string }).mutationId });
    } else {
      result.refusedLocally += 1;
      if (reply.error.code === 'INTERNAL' || reply.error.code === 'VALIDATION') problems.push(`${u.name} ${channel}: ${reply.error.code} ${reply.error.message}`);
    }
  };

  /** An avis whose content is unique in the run: the server's copy tells which decision it is. */
  const newDecision = (u: SoakUser): Decision => rng.chance(0.4)
    ? { kind: 'RETENUE', plannedEntry: entryDate, plannedExit: addDays(entryDate, 30 + exitSeq++) }
    : { kind: 'NON_RETENUE', motive: rng.pick(['DOCUMENT_MANQUANT', 'CONDITION_ADMINISTRATIVE_NON_REMPLIE', 'AUTRE'] as const), justification: `soak ${seed} ${u.name} ${tagSeq++}` };
  const giveAvis = async (u: SoakUser, killAfterMs?: number) => {
    await ensureAlive(u);
    const list = await u.client.value<Page<CandidatureListRow>>('candidatures.list', { filters: { sessionId: ids.session, states: ['EN_ATTENTE'] }, offset: 0, limit: 100 });
    if (list.rows.length === 0) return;
    const row = rng.pick(list.rows);
    const decision = newDecision(u);
    await issue(u, 'avis.give', { candidatureId: row.id, decision }, { kind: 'avis', candidatureId: row.id, decision }, killAfterMs);
  };
  const enrich = async (u: SoakUser, killAfterMs?: number) => {
    const highlight = `Le plus ${seed} ${u.name} ${tagSeq++}`;
    const webLink = rng.chance(0.5) ? `https://exemple.fr/soak/${seed}/${tagSeq}` : null;
    await issue(u, 'actions.enrich', { actionId: ids.action, highlight, webLink }, { kind: 'enrich', actionId: ids.action, highlight }, killAfterMs);
  };
  const preCreate = async (u: SoakUser, killAfterMs?: number) => {
    const tag = `P${seed}x${tagSeq++}`;
    const candidate = { firstName: 'Prescrit', lastName: tag, email: `${tag.toLowerCase()}@soak.test`, phone: null };
    await issue(u, 'preRegistrations.create', { sessionId: ids.session, candidate }, { kind: 'pre.create', candidateTag: tag }, killAfterMs);
  };
  const preAct = async (u: SoakUser, op: 'validate' | 'delete', killAfterMs?: number) => {
    await ensureAlive(u);
    const views = await u.client.value<PreRegistrationView[]>('preRegistrations.list', {});
    const open = views.filter((v) => v.preRegistration.sessionId === ids.session && !v.pending && (op === 'validate' ? v.canValidate.allowed : v.canDelete.allowed));
    if (open.length === 0) return;
    const pre = rng.pick(open).preRegistration;
    await issue(u, `preRegistrations.${op}`, { preRegistrationId: pre.id }, { kind: `pre.${op}`, preRegistrationId: pre.id, candidateTag: pre.candidate.lastName }, killAfterMs);
  };
  /** « Annuler » or an edit on one of the user's queued decisions: allowed only while it was never sent. */
  const takeBack = async (u: SoakUser) => {
    await ensureAlive(u);
    const queuedIds = new Set((await u.client.value<PendingMutation[]>('outbox.list', {})).map((e) => e.id));
    const candidates = records.filter((r) => r.user === u.name && r.mutationId && queuedIds.has(r.mutationId) && r.cancelled === undefined);
    if (candidates.length === 0) return;
    const record = rng.pick(candidates);
    if (record.kind === 'avis' && rng.chance(0.5)) {
      const decision = newDecision(u);
      let reply;
      try {
        reply = await u.client.call('outbox.edit', { id: record.mutationId, decision });
      } catch (error) {
        if (!(error instanceof ProcessKilled)) throw error;
        record.alternatives = [...(record.alternatives ?? []), decision];
        return;
      }
      if (!reply.ok) {
        result.refusedLocally += 1;
        return;
      }
      result.edits += 1;
      record.edited = [...(record.edited ?? []), record.decision!];
      record.decision = decision;
      record.mutationId = (reply.value as { mutationId: string }).mutationId;
      return;
    }
    let reply;
    try {
      reply = await u.client.call('outbox.cancel', { id: record.mutationId });
    } catch (error) {
      if (!(error instanceof ProcessKilled)) throw error;
      record.cancelled = 'maybe';
      return;
    }
    if (reply.ok) record.cancelled = 'yes';
    else result.refusedLocally += 1;
  };
  const command = (u: SoakUser, killAfterMs?: number): Promise<void> =>
    // A kill in the middle of a sync can land while this user reads their list: the app died under them.
    (killAfterMs === undefined && rng.chance(0.15) ? takeBack(u) : userCommand(u, killAfterMs)).catch((error: unknown) => {
      if (!(error instanceof ProcessKilled)) throw error;
    });
  const userCommand = (u: SoakUser, killAfterMs?: number): Promise<void> => {
    switch (u.role) {
      case 'of':
        return giveAvis(u, killAfterMs);
      case 'enricher':
        return rng.chance(0.3) ? enrich(u, killAfterMs) : giveAvis(u, killAfterMs);
      case 'n1':
        return rng.chance(0.8) ? preCreate(u, killAfterMs) : preAct(u, 'delete', killAfterMs);
      default: {
        const x = rng.next();
        return x < 0.45 ? preCreate(u, killAfterMs) : x < 0.9 ? preAct(u, 'validate', killAfterMs) : preAct(u, 'delete', killAfterMs);
      }
    }
  };

  for (const u of env.users) {
    u.proxy.offline = rng.chance(0.3);
    u.proxy.faultRate = rng.pick([0.05, 0.1, 0.2, 0.35]);
    if (u.proxy.offline) result.offline += 1;
  }
  const steps = rng.int(6, 12);
  // Restarts and kills are the expensive faults (a process start each): about one per run, at a random step.
  const restartAt = rng.chance(0.12) ? rng.int(1, steps - 1) : -1;
  const killAt = new Map<number, 'command' | 'sync'>();
  for (let k = rng.chance(0.7) ? rng.int(1, 2) : 0; k > 0; k--) killAt.set(rng.int(0, steps - 1), rng.chance(0.5) ? 'command' : 'sync');
  const background: Promise<unknown>[] = [];
  for (let step = 0; step < steps; step++) {
    if (step === restartAt) {
      await env.restartServer();
      result.serverRestarts += 1;
    }
    const chaos = rng.next();
    const kill = killAt.get(step);
    if (kill === 'command') {
      // Killed in the middle of a command: the reply may or may not have left the process.
      const u = rng.pick(env.users);
      await command(u, rng.int(0, 25));
      if (rng.chance(0.5)) await ensureAlive(u);
    } else if (kill === 'sync') {
      // Killed in the middle of a sync, at a request or once the server has answered (it acted; we never hear).
      const u = rng.pick(env.users);
      await ensureAlive(u);
      u.proxy.offline = false;
      let sprung = () => undefined as void;
      const killed = new Promise<void>((resolve) => (sprung = resolve));
      const on = rng.pick(['push', 'push', 'pull', 'any'] as const);
      const at = rng.pick(['request', 'answer'] as const);
      u.proxy.trap = {
        on,
        at,
        kill: async () => {
          await u.client.kill();
          result.killsMidSync += 1;
          sprung();
        },
      };
      // A push needs something to send; the core sends it on its own once the undo window is over.
      if (on === 'push') await userCommand(u).catch(() => undefined);
      else background.push(u.client.call('sync.now', {}).catch(() => undefined));
      const wasKilled = await Promise.race([killed.then(() => true), sleep(2500).then(() => false)]);
      // The user reopens the app at once and takes back what they see still queued: the server may already hold it
      // (killed once the server answered), so the core must refuse.
      if (wasKilled && on === 'push' && rng.chance(0.5)) await takeBack(u).catch(() => undefined);
    } else if (chaos < 0.12) {
      await apply();
    } else if (chaos < 0.2) {
      const u = rng.pick(env.users);
      u.proxy.offline = !u.proxy.offline;
      if (u.proxy.offline) result.offline += 1;
    } else if (chaos < 0.27) {
      rng.pick(env.users).proxy.faultRate = rng.pick([0, 0.15, 0.3, 0.5]);
    }
    // One to three users acting at the same moment.
    const actors = [...env.users].sort(() => rng.next() - 0.5).slice(0, rng.int(1, 3));
    await Promise.all(actors.map(async (u) => {
      if (rng.chance(0.15)) background.push(ensureAlive(u).then(() => u.client.call('sync.now', {})).catch(() => undefined));
      else await command(u);
    }));
    await sleep(rng.int(0, 120));
  }

  phase('steps');

  // ---- heal and converge ---------------------------------------------------------------------------------------
  for (const u of env.users) Object.assign(u.proxy, { offline: false, faultRate: 0, trap: null });
  await Promise.all(env.users.map((u) => ensureAlive(u)));
  await Promise.all(background);
  phase('heal');
  let clean = 0;
  let last: (SyncStatus | null)[] = [];
  for (let round = 0; clean < 2; round++) {
    if (round === 25) {
      const unsettled = env.users.map((u, i) => `${u.name} ${JSON.stringify(last[i])}`).filter((_, i) => {
        const st = last[i];
        return !st || st.pendingCount > 0 || !st.online || st.lastError !== null || st.needsSignIn;
      });
      problems.push(`no convergence after 25 sync rounds: ${unsettled.join('; ')}`);
      break;
    }
    const statuses = await Promise.all(env.users.map(async (u) => {
      const reply = await u.client.call('sync.now', {});
      if (!reply.ok) problems.push(`${u.name} sync.now: ${reply.error.code} ${reply.error.message}`);
      return reply.ok ? (reply.value as SyncStatus) : null;
    }));
    last = statuses;
    const settled = statuses.every((s) => s && s.pendingCount === 0 && s.online && s.lastError === null && !s.needsSignIn);
    clean = settled ? clean + 1 : 0;
    result.phases.rounds = round + 1;
  }
  phase('converge');

  // ---- checks --------------------------------------------------------------------------------------------------
  await env.ofView.refresh();
  await env.prescView.refresh();
  const conflicts = new Map<string, Conflict[]>();
  for (const u of env.users) {
    conflicts.set(u.name, await u.client.value<Conflict[]>('conflicts.list', {}));
    const outbox = await u.client.value<PendingMutation[]>('outbox.list', {});
    if (outbox.length) problems.push(`${u.name}: ${outbox.length} decision(s) still unsent after convergence`);
    const state = await u.client.value<{ recovery: unknown }>('app.getState', {});
    if (state.recovery) problems.push(`${u.name}: the local database had to be rebuilt (${JSON.stringify(state.recovery)})`);
  }
  const tagged = <T extends { candidate: { lastName: string } }>(rows: Iterable<T>, tag: string) => [...rows].filter((r) => r.candidate.lastName === tag);
  result.verdict = judge(records, conflicts, {
    candidature: (id) => env.ofView.rows.candidatures.get(id),
    action: (id) => env.ofView.rows.actions.get(id),
    actionVersionAtStart: () => actionVersionAtStart,
    preRegistrationsTagged: (tag) => tagged(env.prescView.rows.preRegistrations.values(), tag),
    candidaturesTagged: (tag) => tagged(env.ofView.rows.candidatures.values(), tag),
  });
  problems.push(
    ...result.verdict.lost.map((l) => `lost: ${l}`), ...result.verdict.duplicated.map((d) => `duplicated: ${d}`),
    ...result.verdict.revived.map((d) => `revived: ${d}`), ...result.verdict.unexplained,
  );

  const points = env.ofView.entryPointsOf(ids.session);
  const serverCounters = allCounters(points, env.ofView.candidaturesOf(ids.session), today);
  for (const c of serverCounters) {
    if (c.taken > c.places) {
      result.overfills += 1;
      problems.push(`overfill: entry point ${c.entryPointId} holds ${c.taken}/${c.places}`);
    }
  }

  const mismatch = (text: string) => {
    result.mismatches += 1;
    problems.push(`mismatch: ${text}`);
  };
  for (const u of env.users) {
    const isOf = OF_ROLES.includes(u.role);
    const view = isOf ? env.ofView : env.prescView;
    const serverRows = view.candidaturesOf(ids.session);
    const list = await u.client.value<Page<CandidatureListRow>>('candidatures.list', { filters: { sessionId: ids.session, includeArchived: true }, offset: 0, limit: 1000 });
    const local = new Map(list.rows.map((r) => [r.id, r]));
    if (local.size !== serverRows.length || serverRows.some((c) => local.get(c.id)?.state !== c.state)) {
      mismatch(`${u.name} lists ${local.size} candidatures of the session, the server ${serverRows.length} (or states differ)`);
    }
    if (isOf) {
      for (const c of serverRows) {
        const detail = await u.client.call('candidatures.get', { id: c.id });
        if (!detail.ok) mismatch(`${u.name} cannot open candidature ${c.id}: ${detail.error.code}`);
        else if (canonical((detail.value as CandidatureDetail).candidature) !== canonical(c)) mismatch(`${u.name} candidature ${c.id} differs from the server's`);
      }
    } else {
      const views = (await u.client.value<PreRegistrationView[]>('preRegistrations.list', {})).filter((v) => v.preRegistration.sessionId === ids.session);
      const serverPres = env.prescView.preRegistrationsOf(ids.session);
      const mine = new Map(views.map((v) => [v.preRegistration.id, v]));
      if (mine.size !== serverPres.length || serverPres.some((p) => !mine.get(p.id) || mine.get(p.id)!.pending || canonical(mine.get(p.id)!.preRegistration) !== canonical(p))) {
        mismatch(`${u.name} shows ${mine.size} pre-registrations of the session, the server ${serverPres.length} (or they differ)`);
      }
    }
    const session = await u.client.call('sessions.get', { id: ids.session });
    if (!session.ok) {
      mismatch(`${u.name} cannot open the session: ${session.error.code}`);
      continue;
    }
    const detail = session.value as SessionDetail;
    const serverAction = view.rows.actions.get(ids.action);
    if (serverAction && canonical(detail.action) !== canonical(serverAction)) mismatch(`${u.name} shows the action as ${canonical(detail.action)}, the server ${canonical(serverAction)}`);
    for (const counter of serverCounters) {
      const shown = detail.entryPoints.find((e) => e.entryPoint.id === counter.entryPointId)?.counter;
      if (!shown || shown.taken !== counter.taken || shown.places !== counter.places) {
        mismatch(`${u.name} counts ${shown ? `${shown.taken}/${shown.places}` : 'nothing'} on ${counter.entryPointId}, the server ${counter.taken}/${counter.places}`);
      }
    }
  }

  phase('checks');
  // Users dismiss their conflicts once read, so the next run starts with an empty inbox.
  for (const u of env.users) for (const c of conflicts.get(u.name) ?? []) await u.client.call('conflicts.discard', { conflictId: c.id });

  for (const u of env.users) {
    const before = faultsBefore.get(u.name)!;
    for (const kind of Object.keys(result.faults) as FaultKind[]) result.faults[kind] += u.proxy.faults[kind] - before[kind];
  }
  result.phases.requests = env.users.reduce((n, u) => n + u.proxy.forwarded, 0) - forwardedBefore;
  if (process.env.SOAK_TRACE) {
    const cpu = cpuMs(env);
    result.phases.cpuCampaign = cpu.campaign - cpuBefore.campaign;
    result.phases.cpuClients = cpu.clients - cpuBefore.clients;
  }
  result.ms = Date.now() - started;
  return result;
}

/** CPU time of this process and of the client processes alive now (Linux /proc; killed ones drop out). */
function cpuMs(env: RunEnvironment): { campaign: number; clients: number } {
  const own = process.cpuUsage();
  let clients = 0;
  for (const u of env.users) {
    try {
      const fields = readFileSync(`/proc/${u.client.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      clients += (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      // not Linux, or the process is gone
    }
  }
  return { campaign: (own.user + own.system) / 1000, clients };
}

/**
 * Every row each client holds against the server's, beyond the run's own session: candidatures (state and version),
 * sessions, and the prescribers' pre-registrations. Returns one line per difference.
 */
export async function compareEverything(env: RunEnvironment): Promise<string[]> {
  await env.ofView.refresh();
  await env.prescView.refresh();
  const differences: string[] = [];
  for (const u of env.users) {
    await u.client.start();
    const isOf = OF_ROLES.includes(u.role);
    const view = isOf ? env.ofView : env.prescView;
    const local = new Map<string, CandidatureListRow>();
    for (let offset = 0; ; offset += 1000) {
      const page = await u.client.value<Page<CandidatureListRow>>('candidatures.list', { filters: { includeArchived: true }, offset, limit: 1000 });
      for (const row of page.rows) local.set(row.id, row);
      if (offset + 1000 >= page.total) break;
    }
    const server = view.rows.candidatures;
    const missing = [...server.keys()].filter((id) => !local.has(id));
    const extra = [...local.keys()].filter((id) => !server.has(id));
    const stateDiffers = [...server.values()].filter((c) => local.has(c.id) && local.get(c.id)!.state !== c.state);
    if (missing.length || extra.length || stateDiffers.length) {
      differences.push(`${u.name}: candidatures missing ${missing.length}, extra ${extra.length}, in another state ${stateDiffers.length} (of ${server.size})`);
    }
    const sessions = new Set<string>();
    for (let offset = 0; ; offset += 1000) {
      const page = await u.client.value<Page<{ id: string }>>('sessions.list', { filters: { includeArchived: true }, offset, limit: 1000 });
      for (const row of page.rows) sessions.add(row.id);
      if (offset + 1000 >= page.total) break;
    }
    const serverSessions = [...view.rows.sessions.keys()];
    if (serverSessions.length !== sessions.size || serverSessions.some((id) => !sessions.has(id))) {
      differences.push(`${u.name}: ${sessions.size} sessions listed, the server ${serverSessions.length}`);
    }
    if (!isOf) {
      const pres = await u.client.value<PreRegistrationView[]>('preRegistrations.list', {});
      const mine = new Map(pres.map((v) => [v.preRegistration.id, v.preRegistration]));
      const serverPres = [...env.prescView.rows.preRegistrations.values()];
      if (mine.size !== serverPres.length || serverPres.some((p) => canonical(mine.get(p.id)) !== canonical(p))) {
        differences.push(`${u.name}: ${mine.size} pre-registrations, the server ${serverPres.length} (or they differ)`);
      }
    }
  }
  return differences;
}

function emptyFacts() {
  return { candidature: () => undefined, action: () => undefined, actionVersionAtStart: () => 0, preRegistrationsTagged: () => [], candidaturesTagged: () => [] };
}
