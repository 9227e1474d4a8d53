import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import path from 'node:path';

export default defineConfig({
  root: path.resolve(import.meta.dirname, 'renderer'),
  base: './',
  plugins: [react()],
  build: {
    // CRM_DIST: the same per-developer build folder scripts/build.mjs uses (several people share a checkout)
    outDir: path.resolve(import.meta.dirname, process.env.CRM_DIST ?? 'dist', 'renderer'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
    sourcemap: false,
  },
  resolve: { alias: { '@contract': path.resolve(import.meta.dirname, 'main', 'contract') } },
});
