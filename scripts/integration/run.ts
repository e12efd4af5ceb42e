/**
 * `npm run test:integration`, after setup.sh has installed the system packages and the offline runtime:
 * builds the extension and the suite, runs the suite in code-server (= VS Code 1.100.3) through headless Chromium with the extension under
 * development (suiteDriver.ts) — first the main suite, then the Restricted Mode suite in a second
 * code-server with workspace trust on and the folder untrusted — and reports both results; then installs
 * the packaged .vsix into a clean code-server and runs it (vsixInstall.ts).
 * Exit code: 0 when every test passed.
 */
import { buildAll, prepareRunDirs, printResult, step } from './prepare';
import { runSuite } from './suiteDriver';
import { checkPackagedExtension } from './vsixInstall';

async function main(): Promise<number> {
  await buildAll();
  try {
    const main = prepareRunDirs();
    step('running the suite in the extension host');
    const mainCode = printResult(await runSuite({ suite: 'main', dirs: main, workspaceTrust: false }));
    const restricted = prepareRunDirs({ name: 'restricted', workspaceTrust: true });
    step('running the Restricted Mode suite (workspace trust on, folder untrusted)');
    const restrictedCode = printResult(
      await runSuite({ suite: 'restricted', dirs: restricted, workspaceTrust: true }),
    );
    if (mainCode !== 0 || restrictedCode !== 0) return 1;
  } catch {
    console.log('0 passing');
    console.log('1 failing');
    return 1;
  }
  // The suites ran the extension from the repository; this runs it as users install it.
  return (await checkPackagedExtension()) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
