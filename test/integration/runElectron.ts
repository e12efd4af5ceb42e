/**
 * The same suite in desktop VS Code via @vscode/test-electron (downloads VS Code, so it needs the internet):
 *   node --import tsx test/integration/runElectron.ts [--version 1.100.3]
 * UI-driver tests skip here (no browser driver); everything else runs identically to the code-server route.
 */
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
import {
  buildAll,
  OUT,
  prepareRunDirs,
  printResult,
  readResult,
  ROOT,
  step,
  suiteEnv,
} from '../../scripts/integration/prepare';
import { ENV_GOOGLE_CREDENTIALS } from './cloudEnv';
import { ENV_RESULT_FILE, ENV_WORKSPACE } from './uiProtocol';

async function main(): Promise<number> {
  const versionFlag = process.argv.indexOf('--version');
  const version = versionFlag > 0 ? process.argv[versionFlag + 1] : '1.100.3';
  await buildAll();
  const dirs = prepareRunDirs();
  step(`running the suite in VS Code ${version} (Electron)`);
  try {
    await runTests({
      version,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: path.join(OUT, 'index.js'),
      extensionTestsEnv: suiteEnv({
        [ENV_RESULT_FILE]: dirs.resultFile,
        [ENV_WORKSPACE]: dirs.workspace,
        [ENV_GOOGLE_CREDENTIALS]: dirs.googleCredentials,
      }),
      launchArgs: [
        dirs.workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        `--user-data-dir=${dirs.userData}`,
        `--extensions-dir=${dirs.extensions}`,
      ],
    });
  } catch (error) {
    // A failing suite makes the host exit non-zero; the result file still tells what happened.
    if (!readResult(dirs.resultFile)) {
      console.error(`integration: VS Code did not run the suite: ${String(error)}`);
      return 1;
    }
  }
  const result = readResult(dirs.resultFile);
  if (!result) {
    console.error('integration: the suite wrote no result file');
    return 1;
  }
  return printResult(result);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
