import { defineConfig } from "vitest/config";

// Unit, property and API tests. Browser journeys live in packages/web/e2e and run separately
// (scripts/test.mjs), because they need a built app and Chromium.
export default defineConfig({
  test: {
    include: ["packages/*/test/**/*.test.ts", "packages/*/src/**/*.test.ts", "bench/test/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**", "packages/web/e2e/**"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
