import { createRequire } from 'node:module';

import { configDefaults, defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/** Tests that drive headless Chromium. */
const BROWSER_TESTS = 'test/integration/*-browser.test.ts';

export default defineConfig({
  resolve: {
    // Node resolves `graphql` to its CommonJS build (graphql 16 has no "exports" map), and so do the packages
    // vitest leaves to Node (Apollo Server, graphql-query-complexity); without this alias vite would give the
    // sources the ESM build, and two graphql instances refuse each other's schemas ("from another realm").
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    // Integration tests start their own MariaDB processes; two cores run three files at a time well.
    poolOptions: { forks: { maxForks: 3, minForks: 1 } },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
    reporters: process.env.CI ? ['default'] : ['default'],
    // Headless Chromium takes a core of its own while it renders: the browser tests run after the rest, so that
    // they never starve the latency bounds of the down-cell tests (groups run one after the other).
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, BROWSER_TESTS],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: { name: 'browser', include: [BROWSER_TESTS], sequence: { groupOrder: 1 } },
      },
    ],
  },
});
