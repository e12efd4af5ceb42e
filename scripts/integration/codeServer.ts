/**
 * Starts code-server (VS Code in a browser, same extension host as the desktop) from the runtime prefix.
 * Used by run.ts because @vscode/test-electron cannot download VS Code on offline machines.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export interface CodeServer {
  port: number;
  url: string;
  /** Everything code-server printed (for failure reports). */
  output(): string;
  stop(): Promise<void>;
}

export interface CodeServerOptions {
  runtimeDir: string;
  userDataDir: string;
  extensionsDir: string;
  folder: string;
  env: NodeJS.ProcessEnv;
  /** True leaves workspace trust to the user settings (Restricted Mode tests); default: disabled. */
  workspaceTrust?: boolean;
  /** The Node binary to run code-server with (a newer code-server needs a newer Node); default: the `node` on PATH. */
  node?: string;
  /** More command-line arguments for this code-server version. */
  extraArgs?: string[];
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const port = await freePort();
  const bin = path.join(options.runtimeDir, 'node_modules', '.bin', 'code-server');
  if (!fs.existsSync(bin))
    throw new Error(`code-server is not installed at ${bin}: run bash scripts/integration/setup.sh`);
  const args = [
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--user-data-dir',
    options.userDataDir,
    '--extensions-dir',
    options.extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    ...(options.extraArgs ?? []),
    options.folder,
  ];
  // Detached so stop() can end the whole process group (code-server forks its own server and hosts).
  // code-server forks its server and extension hosts with the Node it runs on (process.execPath).
  const [command, commandArgs] = options.node ? [options.node, [fs.realpathSync(bin), ...args]] : [bin, args];
  const child = spawn(command, commandArgs, {
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  await waitHealthy(url, child, () => output);
  return {
    port,
    url,
    output: () => output,
    stop: () => stopGroup(child),
  };
}

async function waitHealthy(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${output()}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not become healthy within 60 s:\n${output()}`);
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }, 5_000);
  await exited;
  clearTimeout(timer);
}
