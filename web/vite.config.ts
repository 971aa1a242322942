import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// Two entries: the staff console at / and the resident/worker H5 at /h5/.
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      input: {
        console: resolve(import.meta.dirname, 'index.html'),
        h5: resolve(import.meta.dirname, 'h5/index.html'),
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/health': 'http://127.0.0.1:3000' } },
  test: { environment: 'node', include: ['src/**/*.test.ts'] },
});
