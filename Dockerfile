# vkube: one virtual cluster per container (`vkube serve`), store and PKI on the /data volume.
# Build: docker build -t vkube:0.1.0 .   Lint: hack/lint-dockerfile.sh

FROM node:20.19-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# Install scripts stay off (as package.json's allowScripts says); classic-level ships prebuilt binaries.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY hack/bundle-client-node.mjs ./hack/
COPY src ./src
RUN npm run build

FROM node:20.19-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

FROM node:20.19-bookworm-slim
# glibc malloc settings: why in src/platform/allocator-env.ts (ALLOCATOR_ENV; a test keeps the two equal).
ENV NODE_ENV=production MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY third_party ./third_party
# The image's `node` user (uid 1000); the StatefulSet sets fsGroup 1000 so the volume is writable.
RUN mkdir -p /data && chown 1000:1000 /data
USER 1000:1000
VOLUME ["/data"]
EXPOSE 6443
ENTRYPOINT ["node", "/app/bin/vkube.js"]
CMD ["serve", "--bind-address", "0.0.0.0", "--port", "6443", "--data-dir", "/data", "--kubeconfig-out", "/data/kubeconfig.yaml"]
