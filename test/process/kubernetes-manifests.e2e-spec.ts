import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { REQUIRED_IN_PRODUCTION, type ProductionProcess } from '@lib/operations';
import { repoRoot } from '../support/processes';

/**
 * deploy/kubernetes: every manifest validates against the Kubernetes JSON schemas (package `kubernetes-models`, no
 * network); every environment variable the manifests set is one the code reads; every container gets the variables
 * its process requires in production (REQUIRED_IN_PRODUCTION, enforced at start).
 */
const dir = join(repoRoot, 'deploy', 'kubernetes');
const files = readdirSync(dir)
  .filter((f) => /\.ya?ml$/.test(f))
  .map((f) => join(dir, f));

function validate(paths: string[]): { file: string; kind: string; name: string; error: string | null }[] {
  const out = execFileSync(
    process.execPath,
    ['scripts/ts-run.js', 'test/support/kubernetes-validate.ts', ...paths],
    {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  return JSON.parse(out) as { file: string; kind: string; name: string; error: string | null }[];
}

interface Container {
  name: string;
  command?: string[];
  env?: { name: string }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
}
interface Manifest {
  kind: string;
  metadata: { name: string };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  spec?: { template?: { spec?: { containers?: Container[] } } };
}

const manifests: Manifest[] = files.flatMap((f) =>
  parseAllDocuments(readFileSync(f, 'utf8'))
    .map((d) => d.toJS() as Manifest | null)
    .filter((m): m is Manifest => m !== null),
);

/** Source text of the processes (no tests), where the variables are read. */
function sourceText(): string {
  const texts: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d)) {
      const p = join(d, entry);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.ts$/.test(entry) && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(entry))
        texts.push(readFileSync(p, 'utf8'));
    }
  };
  for (const root of ['apps', 'libs']) walk(join(repoRoot, root));
  return texts.join('\n');
}

function processOf(container: Container): ProductionProcess | null {
  const command = (container.command ?? []).join(' ');
  if (command.includes('apps/api/src/main.js')) return 'api';
  if (command.includes('apps/worker/src/main.js')) return 'worker';
  if (command.includes('cli/migrate.js')) return 'migrate';
  return null;
}

describe('deploy/kubernetes manifests', () => {
  it('validate against the Kubernetes schemas (and the check does catch a broken one)', () => {
    const results = validate(files);
    expect(results.length).toBeGreaterThanOrEqual(6);
    expect(results.filter((r) => r.error !== null)).toEqual([]);

    const tmp = mkdtempSync(join(tmpdir(), 'nrm-k8s-'));
    try {
      const broken = join(tmp, 'broken.yaml');
      writeFileSync(
        broken,
        readFileSync(join(dir, 'api.yaml'), 'utf8').replace(
          'containerPort: 3000',
          'containerPort: "three thousand"',
        ),
      );
      expect(validate([broken]).filter((r) => r.error !== null)).toEqual([
        expect.objectContaining({ kind: 'Deployment', error: expect.stringMatching(/containerPort/) }),
      ]);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 120_000);

  it('set only variables the code reads', () => {
    const code = sourceText();
    const set = new Set<string>();
    for (const m of manifests) {
      for (const name of Object.keys(m.data ?? {})) set.add(name);
      for (const name of Object.keys(m.stringData ?? {})) set.add(name);
      for (const c of m.spec?.template?.spec?.containers ?? []) for (const e of c.env ?? []) set.add(e.name);
    }
    expect(set.size).toBeGreaterThan(5);
    const unread = [...set].filter((name) => !new RegExp(`env\\.${name}\\b|['"\`]${name}['"\`]`).test(code));
    expect(unread).toEqual([]);
  });

  it('give every api, worker and migration container what its process requires in production', () => {
    const byName = new Map(manifests.map((m) => [`${m.kind}/${m.metadata.name}`, m]));
    const checked: string[] = [];
    for (const m of manifests) {
      for (const c of m.spec?.template?.spec?.containers ?? []) {
        const proc = processOf(c);
        if (!proc) continue;
        const available = new Set<string>((c.env ?? []).map((e) => e.name));
        for (const from of c.envFrom ?? []) {
          const source = from.configMapRef
            ? byName.get(`ConfigMap/${from.configMapRef.name}`)
            : from.secretRef
              ? byName.get(`Secret/${from.secretRef.name}`)
              : undefined;
          expect(source).toBeDefined();
          for (const name of Object.keys(source?.data ?? {})) available.add(name);
          for (const name of Object.keys(source?.stringData ?? {})) available.add(name);
        }
        expect({
          container: `${m.metadata.name}/${c.name}`,
          missing: REQUIRED_IN_PRODUCTION[proc].filter((n) => !available.has(n)),
        }).toEqual({
          container: `${m.metadata.name}/${c.name}`,
          missing: [],
        });
        expect(available.has('NODE_ENV')).toBe(true);
        checked.push(proc);
      }
    }
    expect(new Set(checked)).toEqual(new Set(['api', 'worker', 'migrate']));
  });
});
