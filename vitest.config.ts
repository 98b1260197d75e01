import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = {
  "@": path.resolve(import.meta.dirname),
  // lib modules marked server-only are plain Node modules under test
  "server-only": path.resolve(import.meta.dirname, "lib/testing/server-only-stub.ts"),
};

// the key secret that seals signing keys and held credential secrets (lib/crypto/seal.ts)
const env = { PERIMETER_KEY_SECRET: "vitest-key-secret-0123456789abcdef0123" };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: "unit", env, include: ["lib/**/*.test.ts", "scripts/**/*.test.ts"], exclude: ["**/*.int.test.ts"] },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          env,
          include: ["lib/**/*.int.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: "forks",
        },
      },
    ],
  },
});
