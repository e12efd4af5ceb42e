/**
 * scripts/integration/systemPackages.sh with PATH holding only stubs (dpkg-query, id, apt-get and the
 * commands it looks for), so every branch runs here without touching the machine's packages.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../../support/paths';
import { writeTree } from '../../../support/tempTree';

const SCRIPT = join(REPO_ROOT, 'scripts', 'integration', 'systemPackages.sh');
const BASH = spawnSync('bash', ['-c', 'command -v bash'], { encoding: 'utf8' }).stdout.trim();
const ALL = [
  'chromium',
  'ripgrep',
  'build-essential',
  'pkg-config',
  'python3',
  'libkrb5-dev',
  'libx11-dev',
  'libxkbfile-dev',
  'libsecret-1-dev',
];

interface Machine {
  /** Packages dpkg knows as installed; undefined = no dpkg-query at all. */
  installed?: string[];
  /** Packages removed with their config files kept (dpkg says "config-files"). */
  configOnly?: string[];
  uid: number;
  /** apt-get's exit code; undefined = no apt-get. */
  aptExit?: number;
  /** Commands on PATH (for the non-Debian branch). */
  commands?: string[];
}

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
  /** One line per apt-get call: `DEBIAN_FRONTEND=<value> <args>`. */
  apt: string[];
}

function run(machine: Machine): Outcome {
  const stubs: Record<string, string> = {
    id: `#!${BASH}\necho ${machine.uid}\n`,
  };
  if (machine.installed) {
    const status = [
      ...machine.installed.map((p) => `${p}) printf installed ;;`),
      ...(machine.configOnly ?? []).map((p) => `${p}) printf config-files ;;`),
    ];
    stubs['dpkg-query'] =
      `#!${BASH}\nfor last; do :; done\ncase "$last" in\n${status.join('\n')}\n` +
      `*) echo "dpkg-query: no packages found matching $last" >&2; exit 1 ;;\nesac\n`;
  }
  if (machine.aptExit !== undefined)
    stubs['apt-get'] =
      `#!${BASH}\necho "DEBIAN_FRONTEND=\${DEBIAN_FRONTEND:-} $*" >> "$APT_LOG"\nexit ${machine.aptExit}\n`;
  for (const command of machine.commands ?? []) stubs[command] = `#!${BASH}\nexit 0\n`;
  const bin = writeTree(stubs);
  for (const name of Object.keys(stubs)) chmodSync(join(bin, name), 0o755);
  const aptLog = join(bin, 'apt.log');
  const r = spawnSync(BASH, [SCRIPT], { encoding: 'utf8', env: { PATH: bin, APT_LOG: aptLog } });
  const apt = existsSync(aptLog) ? readFileSync(aptLog, 'utf8').split('\n').filter(Boolean) : [];
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, apt };
}

test('every package installed: exit 0, silent, apt-get never runs (also as root)', () => {
  assert.deepEqual(run({ installed: ALL, uid: 0, aptExit: 0 }), { code: 0, stdout: '', stderr: '', apt: [] });
});

test('packages missing as root: apt-get update, then install of exactly the missing ones, non-interactive', () => {
  const installed = ALL.filter((p) => p !== 'chromium' && p !== 'libsecret-1-dev');
  assert.deepEqual(run({ installed, configOnly: ['libsecret-1-dev'], uid: 0, aptExit: 0 }), {
    code: 0,
    stdout: '',
    stderr: 'integration tests: installing chromium libsecret-1-dev with apt-get…\n',
    apt: [
      'DEBIAN_FRONTEND=noninteractive update -qq',
      'DEBIAN_FRONTEND=noninteractive install -y -qq chromium libsecret-1-dev',
    ],
  });
});

test('a failing apt-get fails the set-up', () => {
  const r = run({ installed: ALL.slice(1), uid: 0, aptExit: 100 });
  assert.equal(r.code, 100);
  assert.deepEqual(r.apt, ['DEBIAN_FRONTEND=noninteractive update -qq']);
});

test('packages missing, not root: one line saying what to run, exit 1, no apt-get', () => {
  const installed = ALL.filter((p) => p !== 'ripgrep' && p !== 'libx11-dev');
  assert.deepEqual(run({ installed, uid: 1000, aptExit: 0 }), {
    code: 1,
    stdout: '',
    stderr:
      'integration tests: missing system packages; run: sudo apt-get update && sudo apt-get install -y ripgrep libx11-dev  (then npm test again)\n',
    apt: [],
  });
});

test('root without apt-get: the same one line', () => {
  const r = run({ installed: ALL.slice(1), uid: 0 });
  assert.equal(r.code, 1);
  assert.equal(
    r.stderr,
    'integration tests: missing system packages; run: sudo apt-get update && sudo apt-get install -y chromium  (then npm test again)\n',
  );
});

test('no dpkg: the commands are checked instead; any missing one is named', () => {
  const commands = ['chromium', 'rg', 'cc', 'pkg-config', 'python3'];
  assert.deepEqual(run({ uid: 1000, commands }), { code: 0, stdout: '', stderr: '', apt: [] });
  const r = run({ uid: 0, aptExit: 0, commands: ['rg', 'cc', 'pkg-config'] });
  assert.equal(r.code, 1);
  assert.equal(
    r.stderr,
    `integration tests: chromium python3 not found on PATH; install them (on Debian/Ubuntu: apt-get install -y ${ALL.join(' ')}), then run npm test again\n`,
  );
  assert.deepEqual(r.apt, []);
});
