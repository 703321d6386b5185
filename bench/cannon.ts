// One load step in its own process (decision 0023): `node --import tsx bench/cannon.ts '<json>'`
// runs autocannon for the warm-up, then for the measured time, and prints the measured summary as JSON.
import autocannon from 'autocannon';

export type CannonInput = { url: string; headers?: Record<string, string>; connections: number; seconds: number; warmupSeconds: number };
/** `allRequests`: warm-up and measured; `clientCpuMs`: this process's own CPU time (user + system) over both. */
export type CannonOutput = { requests: number; reqPerSec: number; p50Ms: number; p99Ms: number; errors: number; non2xx: number; bytesPerSec: number; allRequests: number; clientCpuMs: number };

const input = JSON.parse(process.argv[2] ?? '{}') as CannonInput;
const run = (duration: number) => autocannon({ url: input.url, headers: input.headers, connections: input.connections, duration, timeout: 10 });
const cpu0 = process.cpuUsage();
const warm = input.warmupSeconds > 0 ? (await run(input.warmupSeconds)).requests.total : 0;
const r = await run(input.seconds);
const cpu = process.cpuUsage(cpu0);
const out: CannonOutput = {
  requests: r.requests.total,
  reqPerSec: Math.round(r.requests.total / (r.duration || input.seconds)),
  p50Ms: r.latency.p50,
  p99Ms: r.latency.p99,
  errors: r.errors + r.timeouts,
  non2xx: r.non2xx,
  bytesPerSec: r.throughput.average,
  allRequests: warm + r.requests.total,
  clientCpuMs: Math.round((cpu.user + cpu.system) / 1000),
};
process.stdout.write(JSON.stringify(out));
