import { defineConfig } from 'vitest/config';
import path from 'node:path';

export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify('0.1.0-test') },
  // renderer modules a unit test loads import the contract as the renderer's build does (vite.config.mts)
  resolve: { alias: { '@contract': path.resolve(import.meta.dirname, 'main', 'contract') } },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
