/**
 * Jest's CommonJS runtime cannot `require()` ES-module-only packages (Node 20 itself can). `content-disposition@3`
 * (pulled in by mercurius → @fastify/static) is one: compile the REAL package to CommonJS with swc on load.
 * Import this file before anything that loads the API.
 */
import { readFileSync } from 'node:fs';
import { transformSync } from '@swc/core';

function loadEsmAsCommonJs(specifier: string): unknown {
  const file = require.resolve(specifier);
  const { code } = transformSync(readFileSync(file, 'utf8'), { filename: file, module: { type: 'commonjs' }, jsc: { target: 'es2022' } });
  const mod = { exports: {} as unknown };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- compiling a vetted dependency for the test runtime
  new Function('exports', 'require', 'module', code)(mod.exports, require, mod);
  return mod.exports;
}

jest.mock('content-disposition', () => loadEsmAsCommonJs('content-disposition'));
