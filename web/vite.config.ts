// Vite builds the UI into dist/, which the server embeds (web/embed.mjs). No inline
// scripts or styles may come out of it: the server sends a strict Content-Security-Policy.
import { defineConfig } from 'vite';

export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    target: 'es2020',
    sourcemap: false,
  },
  server: { proxy: { '/k': 'http://localhost:8080', '/api': 'http://localhost:8080' } },
});
