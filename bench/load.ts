// Load driver (first step of issue 11): a bare node:http baseline and a bounded
// closed-loop client (keep-alive, N connections, fixed duration) measuring req/s, p50, p99.
// No external dependency yet: autocannon is not installed (see docs/performance.md).
import http from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';

export interface StepResult { name: string; requests: number; errors: number; reqPerSec: number; p50Ms: number; p99Ms: number; ratio?: number }

/** A bare node:http server returning a fixed page of `bytes` bytes, on 127.0.0.1. */
export async function startBaseline(bytes = 20_000): Promise<{ url: string; close: () => Promise<void> }> {
  const body = Buffer.alloc(bytes, 'x');
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length });
    res.end(body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Runs `connections` concurrent keep-alive loops against `url` for `seconds` (only 127.0.0.1). */
export async function loadStep(name: string, url: string, opts: { connections?: number; seconds?: number; cookie?: string } = {}): Promise<StepResult> {
  const u = new URL(url);
  if (u.hostname !== '127.0.0.1') throw new Error('bench targets 127.0.0.1 only');
  const connections = opts.connections ?? 20;
  const seconds = Math.min(opts.seconds ?? 10, 120);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  let errors = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  const one = () => new Promise<void>((resolve) => {
    const t0 = performance.now();
    const req = http.get(url, { agent, headers: opts.cookie ? { cookie: opts.cookie } : {} }, (res) => {
      res.resume();
      res.on('end', () => {
        if ((res.statusCode ?? 500) >= 400) errors++;
        latencies.push(performance.now() - t0);
        resolve();
      });
    });
    req.on('error', () => { errors++; resolve(); });
  });
  await Promise.all(Array.from({ length: connections }, async () => {
    while (performance.now() < end) await one();
  }));
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { name, requests: latencies.length, errors, reqPerSec: Math.round(latencies.length / elapsed), p50Ms: +percentile(latencies, 50).toFixed(2), p99Ms: +percentile(latencies, 99).toFixed(2) };
}
