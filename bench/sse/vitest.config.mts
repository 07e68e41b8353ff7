// Runs the BFF latency benchmark with the web app's modules and dependencies:
//   cd web && npx vitest run --config ../bench/sse/vitest.config.mts
import { fileURLToPath } from "node:url";

const web = fileURLToPath(new URL("../../web/", import.meta.url));

/** A plain object: this file lives outside web/, where `vitest/config` does not resolve. */
export default {
  root: web,
  resolve: {
    alias: [
      { find: /^@\//, replacement: `${web}src/` },
      { find: "server-only", replacement: `${web}tests/support/empty.ts` },
      // The benchmark lives outside web/: resolve its own imports from web/node_modules.
      { find: /^@trpc\/server(.*)$/, replacement: `${web}node_modules/@trpc/server$1` },
    ],
  },
  test: {
    dir: fileURLToPath(new URL(".", import.meta.url)),
    include: ["**/*.latency.ts"],
    environment: "node",
    testTimeout: 180_000,
    fileParallelism: false,
    globals: true,
  },
};
