# The api (and the built browser app it can serve). Build: docker build -t onair .
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json ./
COPY testing/package.json testing/
COPY media-server/package.json media-server/
COPY api/package.json api/
COPY client/package.json client/
RUN npm ci --no-audit --no-fund
COPY . .
RUN bash scripts/build.sh && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4000
COPY --from=build /app /app
EXPOSE 4000
CMD ["node", "api/dist/src/main.js"]
