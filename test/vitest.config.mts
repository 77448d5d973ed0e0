import { defineConfig } from "vitest/config";

// Three layers: pure tables, provider against the simulator over HTTP, and the
// packed tarball driven through the real Pulumi dynamic-provider host.
export default defineConfig({
  test: {
    root: new URL("..", import.meta.url).pathname,
    projects: [
      { extends: true, test: { name: "unit", include: ["test/unit/**/*.test.ts"] } },
      {
        extends: true,
        test: { name: "integration", include: ["test/integration/**/*.test.ts"], testTimeout: 60_000 },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          globalSetup: ["test/e2e/global-setup.ts"],
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
