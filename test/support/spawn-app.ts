import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..');

export interface SpawnedApp {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** The exit code, once it has exited. */
  exit: Promise<number | null>;
  kill(): Promise<void>;
}

/**
 * The real entry point (src/main.ts, compiled on the fly as in development)
 * in its own process. `env` replaces the environment entirely, so the test
 * runner's own DATABASE_URL or PORT never leak in; `cwd` defaults to the repo;
 * `nodeArgs` go to node itself (flags NODE_OPTIONS refuses, e.g. --cpu-prof).
 */
export function spawnApp(env: Record<string, string>, cwd = ROOT, nodeArgs: string[] = []): SpawnedApp {
  const child = spawn(process.execPath, [...nodeArgs, '-r', require.resolve('@swc-node/register'), resolve(ROOT, 'src/main.ts')], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', SWC_NODE_PROJECT: resolve(ROOT, 'tsconfig.json'), ...env },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  child.stderr.on('data', (chunk) => (err += chunk));
  const exit = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exit,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exit;
    },
  };
}
