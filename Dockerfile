# Phoenix GitHub App: `phoenix serve` on Node 20, as an unprivileged user.
#   docker build -t phoenix:1 .
# NODE_IMAGE is the base of both stages. Where no registry is reachable,
# scripts/build-phoenix-image.sh builds a stand-in from the machine's own
# Node 20 and passes it here (docs/github-app.md).
ARG NODE_IMAGE=node:20-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# Type declarations and source maps in node_modules never load at run time;
# they are most of it (a dozen copies of @octokit/openapi-types alone).
RUN npm run build && npm prune --omit=dev --ignore-scripts --no-audit --no-fund \
 && find node_modules -type f \( -name '*.d.ts' -o -name '*.d.cts' -o -name '*.d.mts' -o -name '*.map' \) -exec rm -f {} +

FROM ${NODE_IMAGE}
ENV NODE_ENV=production PORT=3000
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json app.yml ./
# The config-repo cache lives in the user's home; mount a volume there to keep it across restarts.
RUN useradd --create-home --uid 10001 phoenix && mkdir -p /home/phoenix/.cache/phoenix && chown -R phoenix /home/phoenix
USER phoenix
EXPOSE 3000
# Swarm counts a task as running only once it is healthy: the first probe
# comes after one interval, so the interval is also how long a start takes.
HEALTHCHECK --interval=10s --timeout=5s --retries=3 CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["node", "dist/cli/main.js"]
CMD ["serve"]
