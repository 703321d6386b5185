FROM node:24-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY . .
# Compiled once here, not by tsx at every start: tsx's transpiler and the sources it keeps cost about
# 30–60 MB of resident memory (docs/decisions/0028-memory-budget.md). Same command as `npm start`.
RUN npm run build
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
EXPOSE 3000
CMD ["node", "--max-semi-space-size=8", "dist/main.js"]
