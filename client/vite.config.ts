import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

// The dev server proxies the API and Socket.IO to the portal on :3000 (npm run dev starts both).
export default defineConfig({
  plugins: [preact()],
  server: {
    port: 5173,
    proxy: {
      '/api': 'http://localhost:3000',
      '/socket.io': { target: 'http://localhost:3000', ws: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 300,
    rolldownOptions: {
      output: {
        // zod (form validation) in a chunk of its own with a readable name: only feature pages with forms need it,
        // never the login page or the cabinet shell.
        codeSplitting: { groups: [{ name: 'zod', test: /node_modules[\\/]zod/ }] },
      },
    },
  },
});
