# cellgate: one image for the gateway (`serve`), the cell workers (`worker`) and the operator commands
# (`db migrate`, `cell create`, `demo seed`, `token`, ...).

# Build stage: all dependencies, then `npm run build`: the Event Viewer (web/events/, Vite and Preact) and the
# compiled src/ and cells/, into dist/ with everything they read at run time (schema/, the page).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build

# Runtime: production dependencies only, the compiled dist/ and the command.
FROM node:20-bookworm-slim
WORKDIR /app
# HOST: the gateway listens on loopback by default; in a container the published port needs every interface.
# NODE_OPTIONS: a young generation of 64 MB semi-spaces (README, Configuration); override it with `-e NODE_OPTIONS=`.
ENV NODE_ENV=production HOST=0.0.0.0 NODE_OPTIONS=--max-semi-space-size=64
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` (the build) needs devDependencies; its output comes from the build stage.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY bin/cellgate.js ./bin/cellgate.js

USER node
EXPOSE 4000
ENTRYPOINT ["node", "bin/cellgate.js"]
CMD ["serve"]
