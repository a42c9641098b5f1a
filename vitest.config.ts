import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  test: {
    projects: [
      {
        // Unit tests sit beside their code. WxtVitest wires fakeBrowser in place of `browser`.
        plugins: [WxtVitest()],
        test: {
          name: 'unit',
          include: ['src/**/*.test.{ts,tsx}'],
          exclude: ['src/collector/**'],
          environment: 'happy-dom',
          setupFiles: ['fake-indexeddb/auto', 'src/platform/english.testkit.ts'],
        },
      },
      {
        // The collector is a Node server: its suite runs on embedded PGlite and on the real PostgreSQL.
        test: {
          name: 'collector',
          include: ['src/collector/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        // Real browsers against the built extension: one file at a time, they share the machine's two cores.
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 240_000,
          hookTimeout: 240_000,
          globalSetup: ['tests/support/global-setup.ts'],
        },
      },
    ],
  },
});
