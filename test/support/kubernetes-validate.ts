/**
 * `node scripts/ts-run.js test/support/kubernetes-validate.ts <file.yaml>...`: validates every document against the
 * Kubernetes JSON schemas shipped by the `kubernetes-models` package (no network), prints JSON
 * `[{file, kind, name, error}]` (error null when valid). A child process: the package is ESM only, which jest's
 * sandbox cannot load.
 */
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

// eslint-disable-next-line @typescript-eslint/no-implied-eval -- constant source text, not user input
const nativeImport = new Function('specifier', 'return import(specifier)') as (
  specifier: string,
) => Promise<unknown>;

interface Model {
  validate(): void;
}
type ModelCtor = new (data: unknown) => Model;

/** `apps/v1` + `Deployment` → `kubernetes-models/apps/v1/Deployment`; the core group is `v1`. */
function modulePath(apiVersion: string, kind: string): string {
  return `kubernetes-models/${apiVersion}/${kind}`;
}

async function main(): Promise<void> {
  const results: { file: string; kind: string; name: string; error: string | null }[] = [];
  for (const file of process.argv.slice(2)) {
    for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
      if (doc.errors.length > 0) {
        results.push({ file, kind: '?', name: '?', error: `YAML: ${doc.errors[0]?.message ?? 'error'}` });
        continue;
      }
      const data = doc.toJS() as { apiVersion?: string; kind?: string; metadata?: { name?: string } } | null;
      if (!data) continue;
      const kind = data.kind ?? '?';
      const name = data.metadata?.name ?? '?';
      if (!data.apiVersion || !data.kind) {
        results.push({ file, kind, name, error: 'apiVersion and kind are required' });
        continue;
      }
      try {
        const mod = (await nativeImport(modulePath(data.apiVersion, data.kind))) as Record<string, ModelCtor>;
        const Ctor = mod[data.kind];
        if (!Ctor) throw new Error(`no schema for ${data.apiVersion} ${data.kind}`);
        new Ctor(data).validate();
        results.push({ file, kind, name, error: null });
      } catch (error) {
        results.push({ file, kind, name, error: error instanceof Error ? error.message : String(error) });
      }
    }
  }
  process.stdout.write(`${JSON.stringify(results)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
