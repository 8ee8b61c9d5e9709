import { fileURLToPath } from 'node:url';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const fromHere = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// The workspace packages ship CommonJS in dist; Vite compiles their TypeScript
// sources directly instead, so the browser gets ES modules it can tree-shake.
export default defineConfig({
  base: '/dashboard/',
  plugins: [react(), tailwindcss()],
  resolve: {
    alias: {
      '@referral/dashboard-contract': fromHere('../../packages/dashboard-contract/src/index.ts'),
      '@referral/events': fromHere('../../packages/events/src/index.ts'),
      '@': fromHere('./src'),
    },
  },
  server: {
    proxy: {
      '/dashboard/api': { target: process.env.API_URL ?? 'http://127.0.0.1:3000' },
    },
  },
  build: {
    outDir: 'dist',
    sourcemap: false,
    chunkSizeWarningLimit: 600,
    rollupOptions: {
      output: {
        // zod and src/lib/zod-config.ts in one chunk, evaluated before any
        // chunk that defines a schema: the jitless switch must come before
        // zod's eval probe, which the CSP would report as a violation.
        manualChunks: (id) =>
          id.includes('/node_modules/zod/') || id.endsWith('/src/lib/zod-config.ts')
            ? 'zod'
            : undefined,
      },
    },
  },
});
