#!/usr/bin/env node
/*
 * Runs a TypeScript file without building: `node scripts/ts-run.js <file.ts> [args...]`.
 * Transpiles with @swc/core (decorators + metadata, CommonJS) and resolves `@lib/<name>` to `libs/<name>/src`.
 * For development scripts and debugging only; production runs the compiled `dist/`.
 */
const path = require('node:path');
const Module = require('node:module');
const { addHook } = require('pirates');
const swc = require('@swc/core');

const root = path.resolve(__dirname, '..');
const originalResolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const m = /^@lib\/([^/]+)(\/.*)?$/.exec(request);
  if (m) request = path.join(root, 'libs', m[1], 'src', m[2] || '');
  return originalResolve.call(this, request, ...rest);
};
addHook(
  (code, filename) =>
    swc.transformSync(code, {
      filename,
      sourceMaps: 'inline',
      jsc: {
        target: 'es2022',
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        keepClassNames: true,
      },
      module: { type: 'commonjs' },
    }).code,
  { exts: ['.ts'], ignoreNodeModules: true },
);
require('reflect-metadata');
const file = process.argv[2];
if (!file) {
  console.error('usage: node scripts/ts-run.js <file.ts> [args...]');
  process.exit(2);
}
process.argv.splice(1, 1);
require(path.resolve(file));
