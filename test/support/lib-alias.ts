/**
 * Jest's globalSetup/globalTeardown run outside the test sandbox, so `moduleNameMapper` does not apply to them:
 * map `@lib/<name>` to `libs/<name>/src` for Node's resolver. Imported first by global-setup.ts.
 */
import Module from 'node:module';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..', '..');
type Resolve = (request: string, ...rest: unknown[]) => string;
const mod = Module as unknown as { _resolveFilename: Resolve; __nrmLibAlias?: boolean };
if (!mod.__nrmLibAlias) {
  const original = mod._resolveFilename;
  mod._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]): string {
    const match = /^@lib\/([^/]+)(\/.*)?$/.exec(request);
    const mapped = match ? join(root, 'libs', match[1]!, 'src', match[2] ?? '') : request;
    return original.call(this, mapped, ...rest);
  };
  mod.__nrmLibAlias = true;
}
