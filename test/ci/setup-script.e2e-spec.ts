import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../support/spawn-app';

/**
 * .ci/setup on a scratch copy of the repository, with npm, apt's tools and
 * (for one case) node replaced on PATH by stubs that record their calls: the
 * script's decisions, not a 2-minute install.
 */
describe('.ci/setup', () => {
  let repo: string;
  let bin: string;
  const calls = () => (existsSync(join(repo, 'calls.log')) ? readFileSync(join(repo, 'calls.log'), 'utf8').trim().split('\n') : []);

  function stub(name: string, body: string): void {
    writeFileSync(join(bin, name), `#!/usr/bin/env bash\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  }

  function run(): { status: number | null; output: string } {
    const result = spawnSync('bash', [join(repo, '.ci/setup')], {
      env: { PATH: `${bin}:${process.env.PATH}`, HOME: repo },
      encoding: 'utf8',
    });
    return { status: result.status, output: result.stdout + result.stderr };
  }

  beforeEach(() => {
    repo = mkdtempSync(join(tmpdir(), 'factura-setup-'));
    bin = join(repo, 'stub-bin');
    mkdirSync(join(repo, '.ci'));
    mkdirSync(bin);
    copyFileSync(join(ROOT, '.ci/setup'), join(repo, '.ci/setup'));
    writeFileSync(join(repo, 'package.json'), '{"name":"factura-bot"}\n');
    writeFileSync(join(repo, 'package-lock.json'), '{"lockfileVersion":3,"v":1}\n');
    // Everything apt would install is "there", so the script never reaches apt-get.
    for (const tool of ['chromium', 'chromium-headless-shell', 'pdftotext', 'wkhtmltopdf', 'dpkg']) stub(tool, 'exit 0');
    stub('apt-get', `echo "apt-get $*" >> ${repo}/calls.log; exit 1`);
    stub('sudo', `echo "sudo $*" >> ${repo}/calls.log; exit 1`);
    // npm ci: a clean clone's install, which also generates the Prisma clients (postinstall).
    stub(
      'npm',
      `echo "npm $*" >> ${repo}/calls.log
if [ "$1" = ci ]; then [ -f ${repo}/fail-ci ] && exit 1; rm -rf node_modules; mkdir -p node_modules src/generated/sqlite src/generated/postgres; fi
if [ "$1" = run ] && [ "$2" = db:generate ]; then mkdir -p src/generated/sqlite src/generated/postgres; fi`,
    );
  });
  afterEach(() => rmSync(repo, { recursive: true, force: true }));

  it('runs npm ci on a clean clone, then skips it while node_modules matches the lockfile', () => {
    expect(run().status).toBe(0);
    expect(calls()).toEqual(['npm ci --no-audit --no-fund']);

    const second = run();
    expect(second.status).toBe(0);
    expect(second.output).toContain('npm ci skipped');
    expect(calls()).toEqual(['npm ci --no-audit --no-fund']);
  });

  it('installs again when the lockfile changes, and regenerates only the Prisma clients when they are gone', () => {
    run();
    writeFileSync(join(repo, 'package-lock.json'), '{"lockfileVersion":3,"v":2}\n');
    run();
    expect(calls()).toEqual(['npm ci --no-audit --no-fund', 'npm ci --no-audit --no-fund']);

    rmSync(join(repo, 'src/generated'), { recursive: true });
    expect(run().status).toBe(0);
    expect(calls().at(-1)).toBe('npm run db:generate');
  });

  it('does not trust a node_modules that a failed npm ci left behind, even back on the old lockfile', () => {
    const lock = readFileSync(join(repo, 'package-lock.json'), 'utf8');
    run();
    writeFileSync(join(repo, 'package-lock.json'), '{"lockfileVersion":3,"v":3}\n');
    writeFileSync(join(repo, 'fail-ci'), '');
    expect(run().status).not.toBe(0);
    rmSync(join(repo, 'fail-ci'));
    // The branch switched back: node_modules is half of the new install, not the old one.
    writeFileSync(join(repo, 'package-lock.json'), lock);
    expect(run().status).toBe(0);
    expect(calls().filter((c) => c.startsWith('npm ci'))).toHaveLength(3);
  });

  /** The real node, reporting another version to the script's check. */
  function nodeReporting(version: string): void {
    const preload = join(repo, 'fake-version.js');
    writeFileSync(preload, `Object.defineProperty(process, 'versions', { value: { ...process.versions, node: '${version}' } });\n`);
    stub('node', `if [ "$1" = --version ]; then echo v${version}; exit 0; fi\nexec ${process.execPath} -r ${preload} "$@"`);
  }

  it.each(['20.11.1', '20.18.3', '21.7.0', '22.11.0', '18.20.4'])('stops first, with a clear message, on Node.js %s', (version) => {
    nodeReporting(version);
    const result = run();
    expect(result.status).toBe(1);
    expect(result.output).toContain('factura-bot needs Node.js 20.19 or newer');
    expect(result.output).toContain(`Found: v${version}`);
    expect(calls()).toEqual([]);
  });

  it.each(['20.19.0', '20.20.2', '22.12.0', '24.1.0'])('goes on with Node.js %s', (version) => {
    nodeReporting(version);
    expect(run().status).toBe(0);
    expect(calls()).toEqual(['npm ci --no-audit --no-fund']);
  });
});
