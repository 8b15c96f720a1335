/**
 * Folds a V8 `.cpuprofile` (from `node --cpu-prof`, e.g. BENCH_CPU_PROF=<dir> on bench/inbox-and-referral.ts) into
 * top-N tables of SELF time: by function, by module (npm package or project file) and by "area" (a coarse grouping of
 * modules: GraphQL execution, Fastify, Nest, TypeORM, pg driver, auth, …). No flame graph viewer needed.
 *
 *   node dist/bench/cpu-profile-top.js <file.cpuprofile> [--top 30] [--skip-ms 0] [--last-ms 0] [--inclusive]
 *
 * --skip-ms drops the samples of the first N ms (process start-up); --last-ms keeps only the last N ms; --from-us and
 * --to-us keep a window of the monotonic clock (microseconds, as bench/inbox-and-referral.ts prints for each run).
 * --inclusive adds a table of inclusive ("total") time by function: time in the function or anything it called.
 */
import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/** npm package name, or the project-relative path of a file of ours, or a V8/Node pseudo frame. */
function moduleOf(frame: CallFrame): string {
  const url = frame.url;
  if (!url) {
    // (garbage collector), (program), (idle), and native builtins without a script.
    return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  }
  if (url.startsWith('node:')) return url;
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const dist = url.indexOf('/dist/');
  return dist >= 0 ? url.slice(dist + '/dist/'.length) : url.replace(/^file:\/\//, '');
}

const AREAS: [RegExp, string][] = [
  [/^\((garbage collector)\)$/, 'GC'],
  [/^\((program|idle)\)$/, 'V8 (program) / idle'],
  [/^(graphql|graphql-jit|mercurius|@graphql-tools\/.*|@nestjs\/graphql|@nestjs\/mercurius|graphql-scalars)$/, 'GraphQL (parse/validate/execute, Nest GraphQL)'],
  [/^(fastify|@fastify\/.*|light-my-request|find-my-way|avvio|fast-json-stringify|secure-json-parse|pino|pino-std-serializers|sonic-boom|thread-stream)$/, 'Fastify / pino'],
  [/^(@nestjs\/core|@nestjs\/common|rxjs|reflect-metadata)$/, 'Nest core / rxjs'],
  [/^(typeorm)$/, 'TypeORM'],
  [/^(pg|pg-protocol|pg-pool|pg-types|postgres-array|postgres-date|postgres-interval|postgres-bytea|pgpass)$/, 'pg driver'],
  [/^(jose|@panva\/.*|oidc-provider)$/, 'JWT (jose)'],
  [/^(@casl\/.*)$/, 'CASL'],
  [/^(@temporalio\/.*|@grpc\/.*|protobufjs|@protobufjs\/.*)$/, 'Temporal client / gRPC'],
  [/^node:/, 'Node core (net, http, streams, crypto)'],
  [/^(apps|libs|bench)\//, 'project code'],
];

function areaOf(module: string): string {
  for (const [re, name] of AREAS) if (re.test(module)) return name;
  return module === '(native)' ? 'native builtins' : `other: ${module}`;
}

function table(title: string, rows: [string, number][], total: number, top: number): void {
  process.stdout.write(`\n${title}\n`);
  process.stdout.write(`${'self ms'.padStart(9)} ${'share'.padStart(6)}  name\n`);
  for (const [name, us] of rows.sort((a, b) => b[1] - a[1]).slice(0, top)) {
    process.stdout.write(`${(us / 1000).toFixed(1).padStart(9)} ${((100 * us) / total).toFixed(1).padStart(5)}%  ${name}\n`);
  }
}

function main(): void {
  const file = process.argv[2];
  if (!file) throw new Error('usage: cpu-profile-top <file.cpuprofile> [--top N] [--skip-ms N] [--last-ms N] [--inclusive]');
  const top = arg('--top', 30);
  const skipUs = arg('--skip-ms', 0) * 1000;
  const lastUs = arg('--last-ms', 0) * 1000;
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  // Sample i is attributed the time until the next sample (the last one gets nothing), as Chrome DevTools does.
  const selfUs = new Map<number, number>();
  let t = profile.startTime;
  const times = profile.timeDeltas.map((d) => (t += d));
  const from = profile.startTime + skipUs;
  const since = Math.max(lastUs > 0 ? profile.endTime - lastUs : -Infinity, arg('--from-us', -Infinity));
  const until = arg('--to-us', Infinity);
  let total = 0;
  let idle = 0;
  for (let i = 0; i < profile.samples.length - 1; i++) {
    if (times[i]! < from || times[i]! < since || times[i]! > until) continue;
    const dt = times[i + 1]! - times[i]!;
    const id = profile.samples[i]!;
    if (byId.get(id)!.callFrame.functionName === '(idle)') {
      idle += dt;
      continue;
    }
    selfUs.set(id, (selfUs.get(id) ?? 0) + dt);
    total += dt;
  }

  const fnKey = (f: CallFrame): string => `${f.functionName || '(anonymous)'}  ${moduleOf(f)}${f.url ? `:${f.lineNumber + 1}` : ''}`;
  const byFn = new Map<string, number>();
  const byModule = new Map<string, number>();
  const byArea = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)!.callFrame;
    const mod = moduleOf(frame);
    byFn.set(fnKey(frame), (byFn.get(fnKey(frame)) ?? 0) + us);
    byModule.set(mod, (byModule.get(mod) ?? 0) + us);
    byArea.set(areaOf(mod), (byArea.get(areaOf(mod)) ?? 0) + us);
  }
  process.stdout.write(`${file}\nbusy ${(total / 1000).toFixed(0)} ms of CPU (idle ${(idle / 1000).toFixed(0)} ms) in the window\n`);
  table('by area (self time)', [...byArea], total, top);
  table('by module (self time)', [...byModule], total, top);
  table('by function (self time)', [...byFn], total, top);

  if (process.argv.includes('--inclusive')) {
    // Inclusive: every distinct function on a sample's stack is charged once for that sample.
    const incl = new Map<string, number>();
    for (const [id, us] of selfUs) {
      const seen = new Set<string>();
      for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
        const key = fnKey(byId.get(n)!.callFrame);
        if (seen.has(key)) continue;
        seen.add(key);
        incl.set(key, (incl.get(key) ?? 0) + us);
      }
    }
    incl.delete('(root)  (native)');
    table('by function (inclusive time)', [...incl], total, top);
  }
}

main();
