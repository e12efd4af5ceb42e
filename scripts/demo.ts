/**
 * `npm run demo`: runs a refactoring on examples/shop end to end through the built CLI (dist/cli.js).
 * With ANTHROPIC_API_KEY set it calls the real API; without, it serves a recorded replay from the local
 * mock Messages API — clearly labelled — so the demo runs offline. It never writes the example (no --apply).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MockAnthropic, toolUseReply, type MockRequest } from '../test/mock-anthropic/server';

const ROOT = join(__dirname, '..');
const SHOP = join(ROOT, 'examples', 'shop');

interface Recorded {
  usage: Record<string, number>;
  input: unknown;
}
interface Replay {
  label: string;
  instruction: string;
  plan: Recorded;
  workers: Record<string, Recorded>;
}

function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args], { env, stdio: 'inherit' });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

async function main(): Promise<number> {
  const replay = JSON.parse(
    readFileSync(join(ROOT, 'examples', 'replay', 'fetchJson-options.json'), 'utf8'),
  ) as Replay;
  const args = ['refactor', replay.instruction, '--cwd', SHOP, '--budget', '0.50'];
  if (process.env.ANTHROPIC_API_KEY) {
    console.log('== Orchestra demo: LIVE against the Anthropic API (ANTHROPIC_API_KEY is set) ==\n');
    return runCli(args, process.env);
  }
  console.log('== Orchestra demo: REPLAY (no ANTHROPIC_API_KEY) ==');
  console.log(`   ${replay.label}\n   Set ANTHROPIC_API_KEY to run it against the real API.\n`);
  const mock = await MockAnthropic.start();
  mock.on((r) => r.toolName === 'submit_plan', toolUseReply(replay.plan.input, { usage: replay.plan.usage }));
  mock.on(
    (r) => r.toolName === 'submit_edits',
    (r: MockRequest) => {
      const file = /Your file: (\S+)/.exec(r.userText)?.[1] ?? '';
      const recorded = replay.workers[file];
      if (!recorded) throw new Error(`the replay has no edits for ${file}`);
      return toolUseReply(recorded.input, { usage: recorded.usage })(r);
    },
  );
  try {
    return await runCli(args, {
      ...process.env,
      ANTHROPIC_API_KEY: 'replay-not-a-real-key',
      ANTHROPIC_BASE_URL: mock.url,
    });
  } finally {
    await mock.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
