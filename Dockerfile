# Hubnet: one image for every role; configured only through the variables of server/config.ts.
# The build stage compiles the TypeScript (npm ci runs `prepare`, server/build.mjs), then drops the
# development dependencies; the image holds the compiled JavaScript and production modules only.
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY db ./db
COPY server ./server
COPY federation ./federation
COPY web ./web
RUN npm ci && npm prune --omit=dev && npm cache clean --force

FROM node:24-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/var/lib/hubnet
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
RUN mkdir -p /var/lib/hubnet && chown node:node /var/lib/hubnet
USER node
VOLUME /var/lib/hubnet
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# A small young generation keeps an idle instance well under 150 MB (docs/benchmarks.md).
CMD ["node", "--max-semi-space-size=2", "dist/server/main.js"]
