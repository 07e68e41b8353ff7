// Builds ./bff-server.ts into one ES module for `bench_sse.py --bff`, with the web app's
// aliases (`@/` -> web/src, `server-only` -> an empty module). Packages stay external, so the
// output goes under web/node_modules/.cache, where Node resolves them from web/node_modules.
//   node bench/sse/build-bff.mjs   (prints the output path)
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

const web = fileURLToPath(new URL("../../web/", import.meta.url));
const require = createRequire(`${web}package.json`);
const { rolldown } = await import(pathToFileURL(require.resolve("rolldown")).href);

const out = `${web}node_modules/.cache/orrery-bench/bff-server.mjs`;
const bundle = await rolldown({
  input: fileURLToPath(new URL("./bff-server.ts", import.meta.url)),
  platform: "node",
  resolve: { alias: { "@": `${web}src`, "server-only": `${web}tests/support/empty.ts` }, tsconfigFilename: `${web}tsconfig.json` },
  // Modules of the app's that the relay never calls (the Supabase session, Next's cookies) are
  // imported for their exports only: drop them when nothing of theirs is used.
  treeshake: { moduleSideEffects: (_id, external) => !external },
  external: (id) => !id.startsWith(".") && !id.startsWith("/") && !id.startsWith("@/") && id !== "server-only" && !id.startsWith("\0"),
});
await bundle.write({ file: out, format: "esm" });
await bundle.close();
console.log(out);
