// Load steps (issue 11): a bare node:http baseline and autocannon run in its own process
// (bench/cannon.ts, decision 0023), so that the measured server keeps a core to itself.
import http from 'node:http';
import os from 'node:os';
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CannonInput, CannonOutput } from './cannon.js';

/**
 * `loadavg`: the 1-minute load average before the step; `peakRssMb`: the server's VmHWM after it;
 * `ratio`: req/s over the baseline serving the category page's own bytes, `ratioX`: over the page of 'x';
 * `serverUsPerReq` / `clientUsPerReq`: CPU time (user + system) per request of the server (when its
 * pid is given) and of autocannon, over warm-up and measured time — on 2 cores the two share the
 * machine, so a page's req/s is bounded by their sum, not by the server alone.
 */
export type StepResult = CannonOutput & { name: string; url: string; loadavg: number; ratio?: number; ratioX?: number; bytes?: number; peakRssMb?: number; serverUsPerReq?: number; clientUsPerReq?: number };

const here = path.dirname(fileURLToPath(import.meta.url));

/** A bare node:http server returning a fixed page (`page`, or that many bytes of 'x'), on 127.0.0.1. */
export async function startBaseline(page: number | Buffer = 20_000): Promise<{ url: string; close: () => Promise<void> }> {
  const body = typeof page === 'number' ? Buffer.alloc(page, 'x') : page;
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length });
    res.end(body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

/**
 * A process's CPU counters from `/proc/<pid>/stat`, in ticks of 10 ms (USER_HZ = 100): its parent, its
 * own user + system time, and that of its ended children; null once the process is gone.
 */
export function procStat(pid: number): { ppid: number; own: number; children: number } | null {
  try {
    // Fields after the command name (which may contain spaces): state is [0], ppid [1], utime [11], stime [12], cutime [13], cstime [14].
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return { ppid: Number(f[1]), own: Number(f[11]) + Number(f[12]), children: Number(f[13]) + Number(f[14]) };
  } catch {
    return null;
  }
}

/** CPU time (user + system) of a process so far, in µs. */
export function cpuUsOf(pid: number): number {
  return (procStat(pid)?.own ?? 0) * 10_000;
}

/** The 1-minute load average now (the machine is shared: ≥ 2 on 2 cores means polluted figures). */
export function loadAverage(): number {
  return +os.loadavg()[0]!.toFixed(2);
}

/** Runs autocannon against `url` (127.0.0.1 only) in a child process: warm-up, then `seconds` measured. */
export async function loadStep(name: string, url: string, opts: { connections?: number; seconds?: number; warmupSeconds?: number; cookie?: string; serverPid?: number } = {}): Promise<StepResult> {
  if (new URL(url).hostname !== '127.0.0.1') throw new Error('bench targets 127.0.0.1 only');
  const input: CannonInput = {
    url,
    headers: opts.cookie ? { cookie: opts.cookie } : undefined,
    connections: opts.connections ?? 20,
    seconds: Math.min(opts.seconds ?? 10, 120),
    warmupSeconds: opts.warmupSeconds ?? 2,
  };
  const loadavg = loadAverage();
  const cpu0 = opts.serverPid ? cpuUsOf(opts.serverPid) : 0;
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', path.join(here, 'cannon.ts'), JSON.stringify(input)], { maxBuffer: 1 << 20, timeout: (input.seconds + input.warmupSeconds + 60) * 1000 }, (err, out, errOut) =>
      err ? reject(new Error(`autocannon step "${name}" failed: ${errOut || err.message}`)) : resolve(out),
    );
  });
  const out = JSON.parse(stdout) as CannonOutput;
  const perReq = (us: number) => Math.round(us / Math.max(out.allRequests, 1));
  return {
    name,
    url,
    loadavg,
    ...out,
    clientUsPerReq: perReq(out.clientCpuMs * 1000),
    serverUsPerReq: opts.serverPid ? perReq(cpuUsOf(opts.serverPid) - cpu0) : undefined,
  };
}
