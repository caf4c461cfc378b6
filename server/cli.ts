// `npm run server -- --port 8787 [--database-url URL] [--data-dir DIR] [--candidatures N]`: the reference server,
// seeded with demo data on an empty database (a restart on an existing data dir keeps its data).
import { parseArgs } from 'node:util';
import { startReferenceServer } from './index';
import { loggableError } from './logging';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo/demo-accounts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8787' },
    host: { type: 'string', default: '127.0.0.1' },
    'database-url': { type: 'string' },
    'data-dir': { type: 'string' },
    candidatures: { type: 'string' },
    'log-level': { type: 'string', default: 'info' },
  },
});

const server = await startReferenceServer({
  port: Number(values.port),
  host: values.host,
  databaseUrl: values['database-url'] ?? process.env.DATABASE_URL,
  pgliteDataDir: values['data-dir'],
  seed: values.candidatures ? { candidatures: Number(values.candidatures) } : 'demo',
  logLevel: values['log-level'],
  eosApiKey: process.env.RAFAEL_EOS_API_KEY,
});

console.log(`Serveur RafaelPro de référence : ${server.url}/api/v1 (OpenAPI : ${server.url}/api/v1/openapi.json)`);
console.log(`Clé d'API EOS (x-api-key) : ${server.eosApiKey}`);
console.log(`Comptes de démonstration (mot de passe « ${DEMO_PASSWORD} ») :`);
for (const a of DEMO_ACCOUNTS) console.log(`  ${a.email.padEnd(28)} ${a.description}`);

// The deadline job: once at start, then every hour (pending candidatures past their avisDeadline).
// The same hour also forgets removal tombstones older than the retention period.
const runDeadlines = async () => {
  const changed = await server.runDeadlineJob();
  if (changed > 0) console.log(`Échéances : ${changed} candidature(s) passée(s) en avis non transmis.`);
  await server.runTombstoneRetention();
};
await runDeadlines();
const deadlineTimer = setInterval(() => void runDeadlines().catch((error: unknown) => console.error('deadline job failed', loggableError(error))), 3_600_000);

const stop = async () => {
  clearInterval(deadlineTimer);
  await server.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
