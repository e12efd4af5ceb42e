/** Parent side of child.ts: spawn one measurement, wait, parse its result line. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { RESULT_MARKER, type ChildJob, type ChildOutput } from './child';
import { BENCH_DIR, REPO_ROOT } from './paths';

export async function runChild(job: ChildJob, timeoutMs = 300_000): Promise<ChildOutput> {
  const args =
    job.kind === 'node-script'
      ? [job.script, ...job.args]
      : ['--import', 'tsx', path.join(BENCH_DIR, 'child.ts'), JSON.stringify(job)];
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARKER));
  if (code !== 0 || line === undefined) {
    const why = code === null ? `killed after ${timeoutMs / 1000}s` : `exit code ${code}`;
    throw new Error(
      `bench child '${job.kind}' failed (${why}): ${stderr.trim().split('\n').slice(-6).join('\n')}`,
    );
  }
  return JSON.parse(line.slice(RESULT_MARKER.length)) as ChildOutput;
}
