/**
 * Activation-time proxy, run by plain `node` (no tsx: its loader hooks would inflate the require time
 * of an 8 MB bundle several-fold). Mode `activate`: require the production bundle with the stub
 * `vscode` and call activate(fakeContext); mode `require`: time require() of a module, as a reference.
 * Prints one `BENCH_RESULT <json>` line in the ChildOutput shape of child.ts.
 */
export const ACTIVATE_PROBE = String.raw`'use strict';
const path = require('node:path');
const { createRequire } = require('node:module');
const [mode, target, stubDir] = process.argv.slice(2);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref());
const mb = (bytes) => bytes / (1024 * 1024);

function fakeContext(extensionPath) {
  const memento = { get: (_key, fallback) => fallback, update: async () => {}, keys: () => [] };
  const uri = { fsPath: extensionPath, path: extensionPath, scheme: 'file' };
  return {
    subscriptions: [],
    extensionPath,
    extensionUri: uri,
    globalStorageUri: uri,
    storageUri: uri,
    logUri: uri,
    extensionMode: 1,
    globalState: { ...memento, setKeysForSync: () => {} },
    workspaceState: memento,
    secrets: { get: async () => undefined, store: async () => {}, delete: async () => {}, onDidChange: () => ({ dispose() {} }) },
    asAbsolutePath: (p) => path.join(extensionPath, p),
  };
}

async function activate() {
  const requireFromBundle = createRequire(target);
  const stub = createRequire(path.join(stubDir, 'index.js')).resolve('vscode');
  if (requireFromBundle.resolve('vscode') !== stub) throw new Error('the bundle would not resolve the vscode stub ' + stub);
  const heapBefore = process.memoryUsage().heapUsed;
  const start = performance.now();
  const mod = requireFromBundle(target);
  const requireSeconds = (performance.now() - start) / 1000;
  const context = fakeContext(path.dirname(target));
  const api = await mod.activate(context);
  const seconds = (performance.now() - start) / 1000;
  const heapMb = mb(process.memoryUsage().heapUsed - heapBefore);
  const engineLoaded = api && api.engineLoaded && api.engineLoaded() ? 1 : 0;
  // The background pre-warm starts with the first command (firstUse.ts): run a light one (Show Log), then
  // wait for the pre-warm to finish on its own; bounded so a hang cannot stall.
  const commands = require(stub).__registeredCommands;
  const showLog = commands && commands.get('orchestra.showLog');
  const commandAt = performance.now();
  if (showLog) showLog();
  const warmed = showLog && await Promise.race([api && api.warmed ? api.warmed() : Promise.resolve(false), sleep(60000).then(() => false)]);
  const warmedSeconds = warmed ? (performance.now() - commandAt) / 1000 : null;
  if (mod.deactivate) await mod.deactivate();
  for (const d of context.subscriptions) if (d && d.dispose) d.dispose();
  return { seconds, requireSeconds, activateSeconds: seconds - requireSeconds, heapMb, engineLoaded, warmedSeconds };
}

async function requireOnly() {
  const start = performance.now();
  createRequire(path.join(stubDir, 'index.js'))(target);
  return { seconds: (performance.now() - start) / 1000 };
}

const rssBefore = process.memoryUsage().rss;
(mode === 'activate' ? activate() : requireOnly()).then(
  (metrics) => {
    const out = { metrics, rssBeforeMb: mb(rssBefore), maxRssMb: process.resourceUsage().maxRSS / 1024 };
    process.stdout.write('BENCH_RESULT ' + JSON.stringify(out) + '\n');
    process.exit(0);
  },
  (error) => {
    process.stderr.write(String(error && error.stack ? error.stack : error) + '\n');
    process.exit(1);
  },
);
`;
