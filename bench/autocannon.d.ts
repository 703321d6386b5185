// The part of autocannon 8's programmatic API the bench uses (the package ships no types).
declare module 'autocannon' {
  type Stats = { average: number; total: number; p50: number; p99: number; min: number; max: number };
  export type Result = { duration: number; errors: number; timeouts: number; non2xx: number; requests: Stats; latency: Stats; throughput: Stats };
  export default function autocannon(opts: { url: string; headers?: Record<string, string>; connections?: number; duration?: number; timeout?: number }): Promise<Result>;
}
