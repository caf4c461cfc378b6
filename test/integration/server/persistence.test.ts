// A persistent PGlite data dir (what `npm start` and `npm run server -- --data-dir` use): a restart keeps the data,
// does not seed again, and keeps serving the cursors it handed out.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Candidature } from '../../../shared/protocol/entities';
import { call, pullAll, pullPage, startTestServer, token } from './harness';

const dir = mkdtempSync(path.join(tmpdir(), 'rafael-server-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('persistent PGlite data dir', () => {
  it('survives a restart without reseeding, and old cursors stay valid', async () => {
    const first = await startTestServer({ pgliteDataDir: dir });
    let cursor: string;
    let count: number;
    let created: Candidature;
    try {
      const manager = await token(first, 'manager@demo.test');
      const before = await pullAll(first, manager, 'of-demo');
      const session = before.pages.flatMap((p) => p.changes.sessions).find((s) => s.orgRole === 'RESPONSABLE' && s.status === 'PUBLISHED')!;
      const applied = await call<Candidature>(first, 'POST', `/sessions/${session.id}/candidatures`, {
        body: { candidate: { firstName: 'Persistante', lastName: 'Durable', email: 'persistante@exemple.fr', phone: null } },
      });
      expect(applied.status).toBe(201);
      created = applied.body;
      const after = await pullAll(first, manager, 'of-demo', before.cursor);
      cursor = after.cursor;
      count = (await pullAll(first, manager, 'of-demo')).pages.flatMap((p) => p.changes.candidatures).length;
    } finally {
      await first.close();
    }

    const second = await startTestServer({ pgliteDataDir: dir });
    try {
      const manager = await token(second, 'manager@demo.test');
      const again = await pullPage(second, manager, 'of-demo', cursor);
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ hasMore: false, remaining: 0 });
      const all = (await pullAll(second, manager, 'of-demo')).pages.flatMap((p) => p.changes.candidatures);
      expect(all).toHaveLength(count);
      expect(all.find((c) => c.id === created.id)).toEqual(created);
    } finally {
      await second.close();
    }
  }, 120_000); // two server starts on a data dir
});
