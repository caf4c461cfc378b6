// What the app's logger makes of errors: the values an error carries (an HTTP client's request and body, a query's
// parameters, a cause's fields) never reach a log line, and what support needs (type, code, status, message, stack)
// does, with e-mails, phone numbers, tokens and secrets masked inside the text.
import { Writable } from 'node:stream';
import { HTTPError } from 'ky';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { loggerOptions, maskText } from '../../../main/shell/logger';

function capture() {
  const lines: string[] = [];
  const log = pino(loggerOptions('info', 'rafaelpro-core'), new Writable({ write: (chunk, _e, cb) => (lines.push(String(chunk)), cb()) }));
  return { log, text: () => lines.join(''), entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

const TOKEN = 'tok_9f8e7d6c5b4a39281706f5e4d3c2b1a0';
const PASSWORD = 'Hégoburu-2026!';
const EMAIL = 'ximun.hegoburu@exemple.fr';
const PHONE = '06 12 34 56 78';

/** ky's HTTPError as a failed sign-in would raise it: its request, options and body are own fields. */
function signInError(): HTTPError {
  const request = new Request('http://127.0.0.1:8787/api/v1/auth/login', { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: JSON.stringify({ email: EMAIL, password: PASSWORD }) });
  return new HTTPError(new Response('{}', { status: 500 }), request, { json: { email: EMAIL, password: PASSWORD }, headers: { authorization: `Bearer ${TOKEN}` } } as never);
}

describe('logs: errors', () => {
  it('an HTTP client error logged as err, nested under another key, or on its own carries none of its request', () => {
    const { log, text, entries } = capture();
    const error = signInError();
    log.error({ err: error }, 'sign-in failed');
    log.warn({ details: { failure: error, list: [error] } }, 'nested');
    log.error(error);
    for (const secret of [TOKEN, PASSWORD, EMAIL, 'hunter']) expect(text()).not.toContain(secret);
    const [first, , alone] = entries();
    expect(first).toMatchObject({ msg: 'sign-in failed', err: { type: 'HTTPError', message: expect.stringContaining('Request failed with status code 500') } });
    expect(alone).toMatchObject({ msg: expect.stringContaining('status code 500'), err: { type: 'HTTPError' } });
    expect(Object.keys(first!.err as object).sort()).toEqual(['message', 'stack', 'type']);
  });

  it('keeps code-like fields and the cause chain, drops every other field at every level', () => {
    const { log, text, entries } = capture();
    const cause = Object.assign(new Error('UNIQUE constraint failed: candidatures.email'), { code: 'SQLITE_CONSTRAINT_UNIQUE', params: [EMAIL, PHONE] });
    const error = Object.assign(new Error('could not store the page', { cause }), { kind: 'internal', status: 500, row: { candidate: { email: EMAIL } }, sql: `insert into candidatures values ('${EMAIL}')` });
    log.error({ err: error, channel: 'avis.give' }, 'IPC handler failed');
    log.error({ err: new AggregateError([cause, 'x'], 'several failed') }, 'aggregate');
    for (const secret of [EMAIL, PHONE]) expect(text()).not.toContain(secret);
    const [one, aggregate] = entries();
    expect(one).toMatchObject({
      channel: 'avis.give',
      err: { type: 'Error', kind: 'internal', status: 500, message: 'could not store the page', cause: { code: 'SQLITE_CONSTRAINT_UNIQUE', message: 'UNIQUE constraint failed: candidatures.email' } },
    });
    expect(aggregate).toMatchObject({ err: { type: 'AggregateError', errors: [{ code: 'SQLITE_CONSTRAINT_UNIQUE' }, 'string'] } });
  });

  it('masks personal values and secrets inside messages, stacks and the log message itself', () => {
    const { log, text } = capture();
    log.error({ err: new Error(`no account for ${EMAIL} (${PHONE}), Bearer ${TOKEN}, password=${PASSWORD}`) }, `retry for ${EMAIL}`);
    // V8 quotes the text JSON.parse failed on: a damaged row would put a candidate's data in the message.
    let parseError: unknown;
    try {
      JSON.parse(`x{"lastName":"Etchegaray","email":"${EMAIL}"}`);
    } catch (error) {
      parseError = error;
    }
    log.error({ err: parseError }, 'row unreadable');
    for (const secret of [EMAIL, PHONE, TOKEN, PASSWORD, 'Etchegaray', 'lastName']) expect(text()).not.toContain(secret);
    expect(text()).toContain('no account for [masqué]');
    expect(text()).toContain('is not valid JSON');
  });
});

describe('logs: masking text', () => {
  it.each([
    [`a ${EMAIL} b`, 'a [masqué] b'],
    ['call +33 6 12 34 56 78 or 06.12.34.56.78 or 0612345678', 'call [masqué] or [masqué] or [masqué]'],
    [`authorization: Bearer ${TOKEN}`, 'authorization: [masqué]'],
    [`key="x'${'ab'.repeat(32)}'"`, 'key=[masqué]'],
    ['{"password":"a b c","token":"xyz"}', '{"password":[masqué],"token":[masqué]}'],
    ['GET /api/v1/structures/search?q=Etchegaray&limit=20', 'GET /api/v1/structures/search?q=[masqué]&limit=[masqué]'],
  ])('%s', (text, masked) => {
    expect(maskText(text)).toBe(masked);
  });

  it.each([
    'FOREIGN KEY constraint failed',
    'UNIQUE constraint failed: candidatures.email',
    'SQLITE_BUSY: database is locked',
    'mutation 0190a5b2-7c1d-7e3f-8a9b-0c1d2e3f4a5b rejected at 2026-06-16T10:00:00.000Z (1796004609075)',
    "Cannot read properties of undefined (reading 'email')",
  ])('leaves support text alone: %s', (text) => {
    expect(maskText(text)).toBe(text);
  });
});
