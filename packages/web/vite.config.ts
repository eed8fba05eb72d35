import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

const engine = fileURLToPath(new URL("../engine/src/index.ts", import.meta.url));
const apiShapes = fileURLToPath(new URL("../api/src/index.ts", import.meta.url));
const api = process.env.CONTINUUM_API ?? "http://localhost:8080";

// The engine and the API shapes are pure TypeScript: bundled from source (the app and its Web Workers run them).
export default defineConfig({
  plugins: [react()],
  resolve: { alias: { "@continuum/engine": engine, "@continuum/api": apiShapes } },
  worker: { format: "es" },
  // No source maps in the build the server serves (they would publish the source); CONTINUUM_SOURCEMAP=1 for debugging.
  build: { outDir: "dist", emptyOutDir: true, sourcemap: process.env.CONTINUUM_SOURCEMAP === "1", chunkSizeWarningLimit: 900 },
  server: { port: 5173, proxy: { "/api": { target: api, changeOrigin: false } } },
  preview: { proxy: { "/api": { target: api, changeOrigin: false } } },
});
