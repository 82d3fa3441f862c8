# Image of the venice-models-mock emulator: built in one stage, production dependencies in another, run from a slim third.
#
#   docker build -t venice-models-mock .
#   docker run --rm -p 4010:4010 venice-models-mock
#   docker run --rm -p 4010:4010 -v "$PWD/my-catalog:/fixtures:ro" -e VENICE_MOCK_FIXTURES=/fixtures venice-models-mock
#
# The built-in catalog is in the image; mount a fixture directory (models/, traits/, compatibility_mapping/) at
# /fixtures and set VENICE_MOCK_FIXTURES=/fixtures to serve your own instead. Every other setting of the README's
# configuration table works as an environment variable too (-e VENICE_MOCK_AUTH=optional, ...).
# With podman, build with --format docker: the OCI format has no HEALTHCHECK.

# --- build: all dependencies, compile TypeScript to dist/ ------------------------------------------------------------
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# --- production dependencies only ------------------------------------------------------------------------------------
FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# --- runtime: dist/, the built-in fixtures, openapi.yaml, package.json and production node_modules, nothing else -----
FROM node:24-bookworm-slim AS runtime
WORKDIR /app
# Listen on every interface of the container (the program's own default is 127.0.0.1).
ENV HOST=0.0.0.0 PORT=4010
# Owned by root and read-only to the server, which runs as the unprivileged `node` user (uid 1000) of the base image.
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY fixtures ./fixtures
COPY openapi.yaml package.json ./
USER node
EXPOSE 4010
# No curl in the slim image: Node's own fetch asks /healthz (no key needed), on PORT if it was changed.
HEALTHCHECK --interval=10s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4010) + '/healthz', { signal: AbortSignal.timeout(4000) }).then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Exec form, no npm and no shell: the server is PID 1, gets SIGTERM itself and exits 0 once in-flight requests finish.
CMD ["node", "dist/bin.js"]
