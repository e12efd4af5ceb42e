/**
 * Runs the in-host suite once: code-server on a prepared run folder, headless Chromium opening the
 * workbench with the extension under development, the suite's UI requests served until its result file
 * appears. run.ts calls it for the main suite (workspace trust off) and for the Restricted Mode suite
 * (trust on, the folder untrusted).
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  ENV_RESULT_FILE,
  ENV_RUNTIME,
  ENV_SUITE,
  ENV_SUITE_FILES,
  ENV_UI_BRIDGE_DIR,
  ENV_WORKSPACE,
  type SuiteName,
  type SuiteResult,
  type UiRequest,
  type UiResponse,
} from '../../test/integration/uiProtocol';
import { ENV_GOOGLE_CREDENTIALS } from '../../test/integration/cloudEnv';
import { launchBrowser, type Browser, type Page } from './browser';
import { startCodeServer, type CodeServer } from './codeServer';
import { OUT, ROOT, RUNTIME, suiteEnv, type RunDirs } from './prepare';
import { MINIMUM_RUNTIME, type Runtime } from './runtimes';
import { performSteps } from './uiSteps';

// The whole main suite took 16 minutes on 1.139 on a loaded 2-core machine: a hang still ends the run.
const SUITE_TIMEOUT_MS = Number(process.env.ORCHESTRA_SUITE_TIMEOUT_MS ?? 30 * 60_000);

export interface SuiteRun {
  suite: SuiteName;
  dirs: RunDirs;
  /** False starts code-server without `--disable-workspace-trust`: the folder is then untrusted. */
  workspaceTrust: boolean;
  /** Which code-server (VS Code version) to run on; default: the minimum supported one. */
  runtime?: Runtime;
  /**
   * Extension folders installed into the run's extensions folder beside Orchestra under development (e.g.
   * the scripted chat model): a built workbench keeps only one `extensionDevelopmentPath` of its payload.
   */
  installExtensions?: string[];
  /** Test file names (`flow.test.js`) to run; default: all of the suite's. */
  files?: string[];
}

/** The suite's result; throws (after printing the browser console and code-server output) if it never reported. */
export async function runSuite(run: SuiteRun): Promise<SuiteResult> {
  const { dirs } = run;
  const runtime = run.runtime ?? MINIMUM_RUNTIME;
  const env = suiteEnv({
    [ENV_RESULT_FILE]: dirs.resultFile,
    [ENV_UI_BRIDGE_DIR]: dirs.bridge,
    [ENV_WORKSPACE]: dirs.workspace,
    [ENV_SUITE]: run.suite,
    [ENV_RUNTIME]: runtime.label,
    [ENV_GOOGLE_CREDENTIALS]: dirs.googleCredentials,
    ...(run.files ? { [ENV_SUITE_FILES]: run.files.join(',') } : {}),
  });
  for (const dir of run.installExtensions ?? []) installExtensionFolder(dir, dirs.extensions);
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  const consoleLog: string[] = [];
  try {
    server = await startCodeServer({
      runtimeDir: runtime.dir,
      ...(runtime.node ? { node: runtime.node } : {}),
      ...(runtime.serverArgs ? { extraArgs: runtime.serverArgs } : {}),
      userDataDir: dirs.userData,
      extensionsDir: dirs.extensions,
      folder: dirs.workspace,
      env,
      workspaceTrust: run.workspaceTrust,
    });
    // Playwright and Chromium come from the minimum runtime's prefix, whichever code-server runs.
    browser = await launchBrowser(RUNTIME);
    const page = await browser.newPage();
    page.on('console', (msg) => consoleLog.push(`[${msg.type()}] ${msg.text()}`));
    page.on('pageerror', (error) => consoleLog.push(`[pageerror] ${error.message}`));
    const remote = (p: string): string => `vscode-remote://127.0.0.1:${server!.port}${p}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(ROOT)],
      ['extensionTestsPath', remote(path.join(OUT, 'index.js'))],
    ]);
    const url = `${server.url}/?folder=${encodeURIComponent(dirs.workspace)}&payload=${encodeURIComponent(payload)}`;
    await page.goto(url, { timeout: 60_000, waitUntil: 'domcontentloaded' });
    return await waitForResult(page, dirs, runtime);
  } catch (error) {
    console.error(`integration (${run.suite}, ${runtime.label}): ${(error as Error).stack ?? String(error)}`);
    console.error('--- browser console (last 80 lines) ---');
    console.error(consoleLog.slice(-80).join('\n'));
    if (server) console.error(`--- code-server ---\n${server.output().slice(-4000)}`);
    throw error;
  } finally {
    fs.writeFileSync(path.join(dirs.root, 'browser-console.log'), consoleLog.join('\n'));
    await browser?.close().catch(() => undefined);
    await server?.stop();
  }
}

/**
 * Copies an extension folder into an extensions folder as `<publisher>.<name>-<version>`: VS Code registers
 * the extensions it finds there when it first starts on a folder without an extensions.json.
 */
function installExtensionFolder(source: string, extensionsDir: string): void {
  const manifest = JSON.parse(fs.readFileSync(path.join(source, 'package.json'), 'utf8')) as {
    publisher: string;
    name: string;
    version: string;
  };
  const target = path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  fs.cpSync(source, target, { recursive: true });
}

/** Polls for the result file while serving UI requests, in order, until the suite ends or times out. */
async function waitForResult(page: Page, dirs: RunDirs, runtime: Runtime): Promise<SuiteResult> {
  const deadline = Date.now() + SUITE_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (fs.existsSync(dirs.resultFile))
      return JSON.parse(fs.readFileSync(dirs.resultFile, 'utf8')) as SuiteResult;
    for (const file of fs
      .readdirSync(dirs.bridge)
      .filter((f) => f.endsWith('.request.json'))
      .sort()) {
      const request = path.join(dirs.bridge, file);
      const { steps } = JSON.parse(fs.readFileSync(request, 'utf8')) as UiRequest;
      fs.rmSync(request);
      let response: UiResponse = { ok: true };
      try {
        await performSteps(page, steps, { notifications: runtime.notifications });
      } catch (error) {
        response = { ok: false, error: (error as Error).message };
        await page
          .screenshot({ path: path.join(dirs.root, `ui-failure-${file}.png`) })
          .catch(() => undefined);
      }
      const out = path.join(dirs.bridge, file.replace('.request.json', '.response.json'));
      fs.writeFileSync(`${out}.tmp`, JSON.stringify(response));
      fs.renameSync(`${out}.tmp`, out);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`the suite did not report within ${SUITE_TIMEOUT_MS / 1000} s`);
}
