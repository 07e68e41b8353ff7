// Generates TypeScript from the engine's committed contracts (../contracts):
//   src/lib/contracts/generated/openapi.ts      (openapi-typescript)
//   src/lib/contracts/generated/run-events.ts   (json-schema-to-typescript)
// `npm run gen` writes them; `npm run gen:check` fails when they are stale.
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";
import { compile } from "json-schema-to-typescript";

const here = dirname(fileURLToPath(import.meta.url));
const contracts = resolve(here, "../../contracts");
const outDir = resolve(here, "../src/lib/contracts/generated");
const banner = "// Generated from contracts/ by `npm run gen` — do not edit.\n/* eslint-disable */\n";

async function openapi() {
  const schema = JSON.parse(await readFile(resolve(contracts, "openapi.json"), "utf8"));
  const ast = await openapiTS(schema, { alphabetize: true, defaultNonNullable: false });
  return banner + astToString(ast);
}

async function runEvents() {
  const schema = JSON.parse(await readFile(resolve(contracts, "run-events.schema.json"), "utf8"));
  const ts = await compile(
    { ...schema, title: "RunEventSchema" },
    "RunEventSchema",
    { bannerComment: "", unreachableDefinitions: true, format: false },
  );
  return banner + ts;
}

const files = { "openapi.ts": await openapi(), "run-events.ts": await runEvents() };
const check = process.argv.includes("--check");
let stale = [];
await mkdir(outDir, { recursive: true });
for (const [name, text] of Object.entries(files)) {
  const path = resolve(outDir, name);
  const current = await readFile(path, "utf8").catch(() => null);
  if (current === text) continue;
  if (check) stale.push(name);
  else await writeFile(path, text);
}
if (stale.length) {
  console.error(`stale generated types: ${stale.join(", ")}; run \`npm run gen\` in web/ and commit`);
  process.exit(1);
}
console.log(check ? "generated types are up to date" : "generated types written");
