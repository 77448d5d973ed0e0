import { defineConfig } from "vitest/config";

// Four layers: pure tables, provider against the simulator over HTTP, the packed
// tarball driven through the real Pulumi dynamic-provider host, and the real Pulumi
// CLI running the examples as user projects (test/cli, when a CLI is available).
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
          name: "cli",
          include: ["test/cli/**/*.test.ts"],
          globalSetup: ["test/cli/global-setup.ts"],
          testTimeout: 300_000,
          hookTimeout: 600_000,
        },
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
