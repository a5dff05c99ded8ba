# syntax=docker/dockerfile:1.7
# iSync: one image, three roles chosen by the command — api, executor, simulators (and all, embedded).
#   docker run isync api | executor | all | simulators
# TypeScript runs through tsx at runtime (a production dependency), so the image ships the sources and
# the built editor; the build stage type-checks everything and builds the editor once.

ARG NODE_IMAGE=node:20.20-bookworm
ARG RUNTIME_IMAGE=node:20.20-bookworm-slim
ARG NPM_VERSION=11.19.1

# --- toolchain: native modules (better-sqlite3, isolated-vm) compile here, never in the runtime image ---
FROM ${NODE_IMAGE} AS toolchain
ARG NPM_VERSION
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/* \
 && npm install -g npm@${NPM_VERSION}
WORKDIR /app
# Only the manifests: the install layers are rebuilt when dependencies change, not on every source edit.
COPY package.json package-lock.json .npmrc ./
COPY core/package.json core/
COPY nodes/package.json nodes/
COPY executor/package.json executor/
COPY api/package.json api/
COPY editor/package.json editor/
COPY templates/package.json templates/
COPY simulators/package.json simulators/
COPY e2e/package.json e2e/
COPY bench/package.json bench/
COPY deploy/package.json deploy/
# Install scripts run only for the packages the root package.json's "allowScripts" lists.
ENV PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

# --- build: every dependency, type-check every workspace, build the editor ---
FROM toolchain AS build
RUN npm ci
COPY . .
RUN npm run typecheck && npm run build -w editor

# --- production dependencies, compiled once here and copied into the runtime as built ---
FROM toolchain AS prod-deps
RUN npm ci --omit=dev

# --- runtime ---
FROM ${RUNTIME_IMAGE} AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    ISYNC_DATA_DIR=/data \
    ISYNC_SECURE_COOKIES=1
WORKDIR /app
COPY --from=prod-deps --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/package.json ./
COPY --from=build --chown=root:root /app/core ./core
COPY --from=build --chown=root:root /app/nodes ./nodes
COPY --from=build --chown=root:root /app/executor ./executor
COPY --from=build --chown=root:root /app/api ./api
COPY --from=build --chown=root:root /app/templates ./templates
COPY --from=build --chown=root:root /app/simulators ./simulators
COPY --from=build --chown=root:root /app/editor/package.json ./editor/package.json
COPY --from=build --chown=root:root /app/editor/dist ./editor/dist
COPY --chmod=0755 deploy/docker/entrypoint.sh /usr/local/bin/isync
# The sources stay root-owned and read-only; the process runs as the unprivileged "node" user (uid 1000).
# /data holds the embedded store (role "all" without MONGODB_URL); queue mode keeps nothing on disk.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
# tsx compiles into a cache under the temp dir: with a read-only root filesystem, mount /tmp (emptyDir).
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["/usr/bin/tini", "--", "isync"]
CMD ["all"]
