# syntax=docker/dockerfile:1
# The Orrery web app (Next.js): built once, configured at request time by its
# environment (web/src/env.ts), so the same image runs in every mode.
# Build from the repository root: docker build -f docker/web.Dockerfile .

FROM node:20-slim AS deps
WORKDIR /app
COPY web/package.json web/package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --no-audit --no-fund

FROM node:20-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY web/ ./
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf .next/cache

FROM node:20-slim
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1
COPY --from=build --chown=node:node /app/package.json /app/next.config.ts /app/tsconfig.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/.next ./.next
USER node
EXPOSE 3000
# `npm run start` is `next start -H 127.0.0.1`: right on a laptop, unreachable
# in a container. Same command, every interface.
CMD ["node_modules/.bin/next", "start", "-H", "0.0.0.0", "-p", "3000"]
