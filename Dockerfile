# roaudit, packaged to run the way our field guide says (docs/running-in-docker.md).
#
# Build it with scripts/build-image.sh, not by hand: that script makes the base image (this machine's
# node, its shared libraries and a non-root user, by `docker import`: no registry needed), prunes
# node_modules to production into .roaudit/image/app, and then runs, from the repository root,
#   DOCKER_BUILDKIT=0 docker build --build-arg BASE_IMAGE=roaudit-base:node20 -t roaudit:local .
# after `next build`. Nothing is compiled or installed here: the base image has no shell and no npm,
# so there is no RUN; the image is the host's production build copied onto it.
#
# Run it with compose.yaml or scripts/run-hardened.sh: read-only root, tmpfs only on the two folders
# `next start` writes (.next/cache, .next/server/route-cache; the image has them empty, mode 1777, as mount
# points), user 10001:10001, cap_drop ALL, no-new-privileges, memory and PIDs limits, and the engine
# socket as the one exception.

ARG BASE_IMAGE=roaudit-base:node20
FROM ${BASE_IMAGE}

WORKDIR /app

# Owned by root and not writable by the user the server runs as: even without --read-only, the server
# could not change its own code. Least-changing layer first, for the cache: production node_modules,
# public/ and the tmpfs mount points (prepared by scripts/build-image.sh), then the build.
COPY .roaudit/image/app/ ./
COPY package.json next.config.js ./
COPY scripts/start.mjs scripts/request-gate.mjs ./scripts/
COPY .next ./.next

ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1

USER 10001:10001

# A HEALTHCHECK would start a second node (about 40 MB and a dozen threads) inside the memory and PIDs
# limits at every interval; probe GET /api/health from outside instead (scripts/run-hardened.sh does).
# npm start's server: it refuses a non-loopback address without an access token, records each peer, and
# refuses odd requests before Next.js sees them (scripts/request-gate.mjs).
CMD ["node", "scripts/start.mjs", "-H", "127.0.0.1", "-p", "3000"]
