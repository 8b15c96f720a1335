/// <reference types="vitest/config" />
// The staff console: built into <repo>/dist/console, which the API serves at / (SPA fallback).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/console', import.meta.url)),
    emptyOutDir: true,
    // No inline scripts or styles (the API sends a strict Content-Security-Policy).
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    // The budget that matters is first-load JS under 250 KB gzip (npm run bench:console prints it); raw size is ~0.5 MB.
    chunkSizeWarningLimit: 800,
  },
  test: {
    root,
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    silent: 'passed-only',
  },
});
