import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

// Tests run against the TypeScript sources, so a stale dist/ can never hide a bug.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@hvmpack\/([a-z-]+)$/, replacement: `${root}packages/$1/src/index.ts` },
      { find: /^@hvmpack\/([a-z-]+)\/([a-z-]+)$/, replacement: `${root}packages/$1/src/$2.ts` },
    ],
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts', 'examples/*/test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // .ci/run asks for a JSON report beside the normal output to print its closing count.
    ...(process.env['VITEST_JSON_REPORT'] && {
      reporters: ['default', 'json'],
      outputFile: { json: process.env['VITEST_JSON_REPORT'] },
    }),
  },
});
