import { readFileSync } from 'node:fs';

/**
 * The process's resident set, sampled on a timer, plus the kernel's own high-water mark where there is one.
 * Keeps the breakdown of the highest sample, to tell V8's heap from native memory (SQLite, sockets).
 */
export class RssSampler {
  private peak: NodeJS.MemoryUsage = process.memoryUsage();
  private readonly timer: NodeJS.Timeout;

  constructor(intervalMs = 25) {
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  sample(): void {
    // The resident set alone is cheap to read; the breakdown (which walks V8's heap spaces) only at a new peak,
    // so that the sampler's own CPU stays out of the engine's figures.
    if (process.memoryUsage.rss() > this.peak.rss) {
      const usage = process.memoryUsage();
      if (usage.rss > this.peak.rss) this.peak = usage;
    }
  }

  /** The highest sample since the sampler started. */
  stop(): NodeJS.MemoryUsage {
    clearInterval(this.timer);
    this.sample();
    return this.peak;
  }
}

/** VmHWM from /proc/self/status: the peak RSS since the process started, in bytes; null off Linux. */
export function kernelPeakRss(): number | null {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}
