import { readFileSync } from 'node:fs';

/** The p-th percentile (nearest rank) of `values`. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function ms(value: number): string {
  return `${value.toFixed(1)} ms`;
}

/**
 * CPU time (user + system) a process has used so far, in ms, read from
 * /proc: read before and after a phase, it gives what the phase cost that
 * process whatever else the machine is doing.
 */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime and stime, fields 14 and 15 of stat(5), in clock ticks (100 per second on Linux).
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}
