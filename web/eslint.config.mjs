import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

const config = [
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    ignores: [".next/**", "node_modules/**", "e2e/artifacts/**", "next-env.d.ts", "src/lib/contracts/generated/**"],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  {
    // src/env.ts is the only module allowed to read process.env (house rule 8).
    files: ["src/**/*.ts", "src/**/*.tsx"],
    ignores: ["src/env.ts"],
    rules: {
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read env in src/env.ts only." }],
    },
  },
  {
    // Features and shared components never import the server (issue 18's "clean walls"): they
    // type their data from the router (`RouterOutputs`, @/lib/trpc/types) or the engine's
    // contracts (@/lib/contracts), and reach the server only through tRPC.
    files: ["src/features/**/*.ts", "src/features/**/*.tsx", "src/components/**/*.ts", "src/components/**/*.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/server", "@/server/*", "@/server/**"],
              message: "Features never import the server: type data from RouterOutputs (@/lib/trpc/types) or @/lib/contracts.",
            },
          ],
        },
      ],
    },
  },
];

export default config;
