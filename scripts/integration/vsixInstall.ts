/**
 * The packaged extension as a user gets it: `vsce package` builds the .vsix (production bundles, no
 * node_modules), code-server installs it into an empty extensions folder, and a workbench opened without
 * any development path runs two commands from the palette. "Show Last Run" loads the lazily bundled
 * engine; the background pre-warm that activation starts loads a workspace with ts-morph, and its line in
 * the Orchestra output channel ("Show Log") proves the bundle runs without the repository around it.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser, runFromPalette, waitForText, type Browser, type Page } from './browser';
import { startCodeServer, type CodeServer } from './codeServer';
import { ROOT, RUN, RUNTIME, step, suiteEnv } from './prepare';

const DIR = path.join(RUN, 'vsix');

const WORKSPACE: Record<string, string> = {
  'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true }, include: ['src'] }),
  'src/a.ts': 'export const alpha = 1;\n',
  'src/b.ts': "import { alpha } from './a';\nexport const beta = alpha + 1;\n",
};

function write(root: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
}

/** The palette lists an installed extension's commands only once the extension host has scanned it. */
async function paletteWhenListed(page: Page, title: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await runFromPalette(page, title);
    } catch (error) {
      if (attempt === 6) throw error;
      await page.keyboard.press('Escape');
      await page.waitForTimeout(5_000);
    }
  }
}

/** Returns true when the installed .vsix ran both commands; says what failed otherwise. */
export async function checkPackagedExtension(): Promise<boolean> {
  fs.rmSync(DIR, { recursive: true, force: true });
  const dirs = {
    vsix: path.join(DIR, 'orchestra-refactor.vsix'),
    extensions: path.join(DIR, 'extensions'),
    userData: path.join(DIR, 'user-data'),
    workspace: path.join(DIR, 'workspace'),
  };
  for (const dir of [dirs.extensions, dirs.userData, dirs.workspace]) fs.mkdirSync(dir, { recursive: true });
  write(dirs.workspace, WORKSPACE);
  write(dirs.userData, {
    'User/settings.json': JSON.stringify({
      'workbench.startupEditor': 'none',
      'security.workspace.trust.enabled': false,
      'extensions.autoUpdate': false,
      'extensions.autoCheckUpdates': false,
      'telemetry.telemetryLevel': 'off',
      'typescript.tsserver.enabled': false,
    }),
  });

  step('packaging the .vsix');
  execFileSync(process.execPath, [path.join(ROOT, 'esbuild.js'), '--production'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  execFileSync(
    path.join(ROOT, 'node_modules', '.bin', 'vsce'),
    ['package', '--no-dependencies', '--out', dirs.vsix],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  step('installing the .vsix into code-server');
  const codeServer = path.join(RUNTIME, 'node_modules', '.bin', 'code-server');
  const installed = execFileSync(
    codeServer,
    ['--extensions-dir', dirs.extensions, '--install-extension', dirs.vsix],
    { encoding: 'utf8' },
  );
  const folder = fs.readdirSync(dirs.extensions).find((d) => d.includes('orchestra-refactor'));
  if (folder === undefined || !fs.existsSync(path.join(dirs.extensions, folder, 'dist', 'engine.js'))) {
    console.error(`vsix: not installed as expected:\n${installed}`);
    return false;
  }

  step('running the installed extension');
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  try {
    server = await startCodeServer({
      runtimeDir: RUNTIME,
      userDataDir: dirs.userData,
      extensionsDir: dirs.extensions,
      folder: dirs.workspace,
      env: suiteEnv({}),
    });
    browser = await launchBrowser(RUNTIME);
    page = await browser.newPage();
    await page.goto(`${server.url}/?folder=${encodeURIComponent(dirs.workspace)}`, {
      timeout: 60_000,
      waitUntil: 'domcontentloaded',
    });
    await paletteWhenListed(page, 'Orchestra: Show Last Run');
    await waitForText(page, '.notification-toast', 'no run yet in this window');
    await paletteWhenListed(page, 'Orchestra: Show Log');
    await waitForText(page, '.monaco-workbench .view-lines', 'Workspace pre-warmed: 2 source file(s)');
    console.log(`vsix: ${folder} installed from the .vsix; its commands and the background load ran`);
    return true;
  } catch (error) {
    console.error(`vsix: the installed extension did not work: ${(error as Error).message.split('\n')[0]}`);
    await page?.screenshot({ path: path.join(DIR, 'failure.png') }).catch(() => undefined);
    if (server) console.error(`--- code-server ---\n${server.output().slice(-3000)}`);
    return false;
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
  }
}
