import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Env is read at request time (src/env.ts), never inlined at build time:
  // one build runs in every mode (embedded, docker-compose, production).
  poweredByHeader: false,
  // No development badge over the app, even with hot reload (`make dev HOT=1`).
  devIndicators: false,
  reactStrictMode: true,
  // The Docker image runs Next's standalone server (only the files the app needs, no
  // node_modules of its own): docker/web.Dockerfile builds with NEXT_OUTPUT=standalone.
  // Elsewhere (`make dev`, the browser tests) `next start` serves the usual build.
  ...(process.env.NEXT_OUTPUT === "standalone" ? { output: "standalone" as const } : {}),
};

export default nextConfig;
