# cellgate: the gateway and the cell workers share this image (`serve`, `worker`, and the operator commands).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY bin ./bin
COPY cells ./cells
COPY schema ./schema
COPY src ./src
COPY tsconfig.json ./
EXPOSE 4000
ENTRYPOINT ["node", "bin/cellgate.js"]
CMD ["serve"]
