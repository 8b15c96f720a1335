/**
 * `npm run admin:bootstrap -- <username> --name-az <name> [--display-name <name>] [--issuer <iss> --subject <sub>]`:
 * applies pending migrations, then creates the coordinator (State Committee) and its first administrator on an empty
 * installation. Prints the ids only.
 */
import 'reflect-metadata';
import { runDatabaseCommand, runMigrations } from '@lib/persistence';
import { bootstrapCoordinator } from '../bootstrap-coordinator';

const USAGE =
  'usage: npm run -s admin:bootstrap -- <username> --name-az <name> [--name-en <name>] [--display-name <name>] [--issuer <issuer> --subject <subject>] [--claim sub|email]';

function parse(argv: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a.startsWith('--')) {
      const v = argv[++i];
      if (v === undefined) throw new Error(USAGE);
      out[a.slice(2)] = v;
    } else if (out.username === undefined) out.username = a;
    else throw new Error(USAGE);
  }
  if (!out.username || !out['name-az'] || (out.issuer === undefined) !== (out.subject === undefined))
    throw new Error(USAGE);
  return out;
}

const args = parse(process.argv.slice(2));
runDatabaseCommand('admin:bootstrap', async (dataSource) => {
  await runMigrations(dataSource);
  const claim = args.claim === 'email' ? 'email' : 'sub';
  const result = await bootstrapCoordinator(dataSource, {
    nameAz: args['name-az'] as string,
    nameEn: args['name-en'] ?? null,
    username: args.username as string,
    displayName: args['display-name'] ?? (args.username as string),
    identity: args.issuer && args.subject ? { issuer: args.issuer, subject: args.subject } : null,
    identityClaim: claim,
  });
  process.stdout.write(`coordinator ${result.organisationId}, administrator ${result.administratorId}\n`);
  return 0;
});
