# cellgate: one image for the gateway (`serve`), the cell workers (`worker`) and the operator commands
# (`db migrate`, `cell create`, `demo seed`, `token`, ...). The CLI runs the TypeScript sources through tsx, a
# runtime dependency, so there is no build step and devDependencies stay out.
FROM node:20-bookworm-slim

WORKDIR /app
# HOST: the gateway listens on loopback by default; in a container the published port needs every interface.
ENV NODE_ENV=production HOST=0.0.0.0

COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# Everything else the runtime reads (bin/, src/, cells/, schema/, tsconfig.json); .dockerignore keeps the rest out.
COPY . .

# tsx keeps its compile cache under the temporary directory, which the unprivileged user can write.
USER node
EXPOSE 4000
ENTRYPOINT ["node", "bin/cellgate.js"]
CMD ["serve"]
