import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Env is read at request time (src/env.ts), never inlined at build time:
  // one build runs in every mode (embedded, docker-compose, production).
  poweredByHeader: false,
  // No development badge over the app, even with hot reload (`make dev HOT=1`).
  devIndicators: false,
  reactStrictMode: true,
};

export default nextConfig;
