/**
 * Command-line contracts:
 *   temporal-server <port>                                   time-skipping test server (starts locked)
 *   temporal-server server start-dev --port N [--ip H] [--namespace NS] [...ignored]   dev server, real time
 *   temporal-server dump <workflowId> --address host:port [--namespace NS] [--run-id R] [--payloads]
 */
export type Command =
  | { kind: 'test-server'; port: number; host: string }
  | { kind: 'dev-server'; port: number; host: string; namespace: string; databaseUrl?: string; retentionDays?: number }
  | { kind: 'dump'; address: string; workflowId: string; namespace: string; runId?: string; payloads: boolean }
  | { kind: 'help'; error?: string };

function flag(args: string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === name) return args[i + 1];
    if (a.startsWith(`${name}=`)) return a.slice(name.length + 1);
  }
  return undefined;
}

function port(v: string | undefined): number | undefined {
  if (v === undefined || !/^\d+$/.test(v)) return undefined;
  const n = Number(v);
  return n >= 0 && n < 65536 ? n : undefined;
}

export function parseArgs(args: string[]): Command {
  if (args[0] === 'server' && args[1] === 'start-dev') {
    const p = port(flag(args, '--port') ?? '7233');
    if (p === undefined) return { kind: 'help', error: 'invalid --port' };
    const retention = flag(args, '--retention');
    const retentionDays = retention === undefined ? undefined : Number(retention);
    if (retentionDays !== undefined && !(retentionDays > 0)) return { kind: 'help', error: 'invalid --retention (days, > 0)' };
    const databaseUrl = flag(args, '--db-url');
    return { kind: 'dev-server', port: p, host: flag(args, '--ip') ?? '127.0.0.1', namespace: flag(args, '--namespace') ?? 'default', databaseUrl, retentionDays };
  }
  if (args[0] === 'dump') {
    const workflowId = args[1];
    const address = flag(args, '--address') ?? '127.0.0.1:7233';
    if (!workflowId) return { kind: 'help', error: 'dump needs a workflow id' };
    return { kind: 'dump', address, workflowId, namespace: flag(args, '--namespace') ?? 'default', runId: flag(args, '--run-id'), payloads: args.includes('--payloads') };
  }
  const p = port(args[0]);
  if (p !== undefined) return { kind: 'test-server', port: p, host: flag(args, '--ip') ?? '127.0.0.1' };
  return { kind: 'help', error: args.length ? `unrecognised arguments: ${args.join(' ')}` : undefined };
}

export const USAGE = `usage:
  temporal-server <port>                         time-skipping test server (TestService; starts locked)
  temporal-server server start-dev --port N [--ip H] [--namespace NS] [--db-url URL] [--retention DAYS]
                                                 dev server (real time; other flags ignored); with a database URL
                                                 (or env TEMPORAL_SERVER_DATABASE_URL) durable in PostgreSQL
                                                 (schema temporal_embedded), closed runs kept DAYS (default 30)
  temporal-server dump <workflowId> [--address host:port] [--namespace NS] [--run-id R] [--payloads]
env: TEMPORAL_SERVER_LOG_LEVEL=debug|info|warn|error (default warn)`;
