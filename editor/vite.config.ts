import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run dev -w editor`: the API (npm start) on :8080 answers /api and /embed.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 600 },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080', '/embed': 'http://127.0.0.1:8080' },
  },
});
