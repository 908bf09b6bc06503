import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/**
 * Linux /proc views of the processes a test started: to find Chromium, kill
 * it, prove it is gone, and sum its memory.
 */
interface ProcInfo {
  pid: number;
  ppid: number;
  state: string;
  cmdline: string;
}

function readProc(pid: number): ProcInfo | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
    return { pid, ppid: Number(fields[1]), state: fields[0], cmdline };
  } catch {
    return null;
  }
}

function allProcesses(): ProcInfo[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readProc(Number(name)))
    .filter((p): p is ProcInfo => p !== null);
}

/** Living (not zombie) descendants of a process, the process itself first. */
export function processTree(root = process.pid): ProcInfo[] {
  const all = allProcesses();
  const byParent = new Map<number, ProcInfo[]>();
  for (const p of all) byParent.set(p.ppid, [...(byParent.get(p.ppid) ?? []), p]);
  const rootInfo = all.find((p) => p.pid === root);
  const out: ProcInfo[] = rootInfo ? [rootInfo] : [];
  for (let i = 0; i < out.length; i++) out.push(...(byParent.get(out[i].pid) ?? []));
  return out.filter((p) => p.state !== 'Z');
}

/**
 * Chromium processes started by this process: its descendants, plus the
 * crash handler Chromium detaches to init, found by the profile directory
 * they share.
 */
export function chromiumProcesses(root = process.pid): ProcInfo[] {
  const tree = processTree(root).filter((p) => p.pid !== root && /chrom/i.test(p.cmdline));
  const profiles = new Set(tree.flatMap((p) => /--user-data-dir=(\S+)/.exec(p.cmdline)?.[1] ?? []));
  const detached = allProcesses().filter(
    (p) => p.state !== 'Z' && !tree.some((t) => t.pid === p.pid) && [...profiles].some((dir) => p.cmdline.includes(dir)),
  );
  return [...tree, ...detached];
}

/** The executable a process runs (for a script, its interpreter); null once it is gone. */
export function executable(pid: number): string | null {
  try {
    return readlinkSync(`/proc/${pid}/exe`);
  } catch {
    return null;
  }
}

/**
 * Chromium browser processes (not renderers, zygotes or helpers) started by
 * this process. Debian's /usr/bin/chromium-headless-shell is a shell script
 * that runs the real binary as its child (no exec), so the child of node may
 * be /bin/sh: the browser is the process whose executable is Chromium itself.
 */
export function chromiumBrowsers(root = process.pid): ProcInfo[] {
  return chromiumProcesses(root).filter(
    (p) => !/--type=/.test(p.cmdline) && /chrom/i.test(executable(p.pid)?.split('/').pop() ?? ''),
  );
}

/** The one Chromium browser process, the one to kill to simulate a crash. */
export function chromiumBrowserPid(root = process.pid): number | null {
  return chromiumBrowsers(root)[0]?.pid ?? null;
}

/** Renderer processes, one per page (site-per-process). */
export function chromiumRenderers(root = process.pid): ProcInfo[] {
  return chromiumProcesses(root).filter((p) => p.cmdline.includes('--type=renderer'));
}

export function isAlive(pid: number): boolean {
  const info = readProc(pid);
  return info !== null && info.state !== 'Z';
}

/** Proportional set size in MB, summed over the given processes (shared pages counted once overall). */
export function pssMb(pids: number[]): number {
  let kb = 0;
  for (const pid of pids) {
    try {
      const match = /^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      if (match) kb += Number(match[1]);
    } catch {
      // Exited between listing and reading.
    }
  }
  return kb / 1024;
}
