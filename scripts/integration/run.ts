/**
 * `npm run test:integration`, after setup.sh has installed the system packages and the offline runtime:
 * builds the extension and the suite, opens the fixture workspace in code-server (= VS Code 1.100.3)
 * through headless Chromium with the extension under development, answers the suite's UI requests, and
 * reports the suite's result; then installs the packaged .vsix into a clean code-server and runs it
 * (vsixInstall.ts).
 * Exit code: 0 when every test passed.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  ENV_RESULT_FILE,
  ENV_UI_BRIDGE_DIR,
  ENV_WORKSPACE,
  type SuiteResult,
  type UiRequest,
  type UiResponse,
} from '../../test/integration/uiProtocol';
import { launchBrowser, type Browser, type Page } from './browser';
import { startCodeServer, type CodeServer } from './codeServer';
import {
  buildAll,
  OUT,
  prepareRunDirs,
  printResult,
  readResult,
  ROOT,
  RUN,
  RUNTIME,
  step,
  suiteEnv,
} from './prepare';
import { performSteps } from './uiSteps';
import { checkPackagedExtension } from './vsixInstall';

const SUITE_TIMEOUT_MS = Number(process.env.ORCHESTRA_SUITE_TIMEOUT_MS ?? 10 * 60_000);

async function main(): Promise<number> {
  await buildAll();
  const dirs = prepareRunDirs();
  const env = suiteEnv({
    [ENV_RESULT_FILE]: dirs.resultFile,
    [ENV_UI_BRIDGE_DIR]: dirs.bridge,
    [ENV_WORKSPACE]: dirs.workspace,
  });

  step('starting code-server');
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  const consoleLog: string[] = [];
  try {
    server = await startCodeServer({
      runtimeDir: RUNTIME,
      userDataDir: dirs.userData,
      extensionsDir: dirs.extensions,
      folder: dirs.workspace,
      env,
    });
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
    step('running the suite in the extension host');
    await page.goto(url, { timeout: 60_000, waitUntil: 'domcontentloaded' });
    const code = printResult(await waitForResult(page, dirs.resultFile, dirs.bridge));
    await browser.close();
    browser = undefined;
    await server.stop();
    server = undefined;
    // The suite ran the extension from the repository; this runs it as users install it.
    if (code === 0 && !(await checkPackagedExtension())) return 1;
    return code;
  } catch (error) {
    console.error(`integration: ${(error as Error).stack ?? String(error)}`);
    console.error('--- browser console (last 80 lines) ---');
    console.error(consoleLog.slice(-80).join('\n'));
    if (server) console.error(`--- code-server ---\n${server.output().slice(-4000)}`);
    console.log('0 passing');
    console.log('1 failing');
    return 1;
  } finally {
    fs.writeFileSync(path.join(RUN, 'browser-console.log'), consoleLog.join('\n'));
    await browser?.close().catch(() => undefined);
    await server?.stop();
  }
}

/** Polls for the result file while serving UI requests, in order, until the suite ends or times out. */
async function waitForResult(page: Page, resultFile: string, bridge: string): Promise<SuiteResult> {
  const deadline = Date.now() + SUITE_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const result = readResult(resultFile);
    if (result) return result;
    for (const file of fs
      .readdirSync(bridge)
      .filter((f) => f.endsWith('.request.json'))
      .sort()) {
      const request = path.join(bridge, file);
      const { steps } = JSON.parse(fs.readFileSync(request, 'utf8')) as UiRequest;
      fs.rmSync(request);
      let response: UiResponse = { ok: true };
      try {
        await performSteps(page, steps);
      } catch (error) {
        response = { ok: false, error: (error as Error).message };
        await page.screenshot({ path: path.join(RUN, `ui-failure-${file}.png`) }).catch(() => undefined);
      }
      const out = path.join(bridge, file.replace('.request.json', '.response.json'));
      fs.writeFileSync(`${out}.tmp`, JSON.stringify(response));
      fs.renameSync(`${out}.tmp`, out);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`the suite did not report within ${SUITE_TIMEOUT_MS / 1000} s`);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
