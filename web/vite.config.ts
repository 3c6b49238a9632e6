import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The build is started from the repository root (`vite build --config web/vite.config.ts`),
// so the root is pinned to this folder for index.html and web/dist to resolve the same way
// no matter where the command runs.
const webRoot = decodeURIComponent(new URL('.', import.meta.url).pathname);

export default defineConfig({
  root: webRoot,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 700,
  },
  server: {
    proxy: {
      '/api': 'http://localhost:3000',
    },
  },
});
