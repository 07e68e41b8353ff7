# syntax=docker/dockerfile:1
# The Orrery web app (Next.js): built once, configured at request time by its
# environment (web/src/env.ts), so the same image runs in every mode. Runs Next's
# standalone server (output: "standalone"): the app and only the node_modules files it
# imports, on Node 22, the active LTS.
# Build from the repository root: docker build -f docker/web.Dockerfile .

FROM node:22-slim AS deps
WORKDIR /app
COPY web/package.json web/package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --no-audit --no-fund

FROM node:22-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 \
    NEXT_OUTPUT=standalone
COPY --from=deps /app/node_modules ./node_modules
COPY web/ ./
RUN npm run build

FROM node:22-slim
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOSTNAME=0.0.0.0 \
    PORT=3000
# The standalone server, its traced dependencies, and the static files it does not copy itself.
COPY --from=build --chown=node:node /app/.next/standalone ./
COPY --from=build --chown=node:node /app/.next/static ./.next/static
USER node
EXPOSE 3000
# HOSTNAME: every interface inside the container (a laptop's `next start` binds loopback).
CMD ["node", "server.js"]
