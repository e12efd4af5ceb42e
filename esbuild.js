// Bundles the extension and the CLI. `--production` minifies; `--watch` rebuilds on change.
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const shared = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  // `vscode` is provided by the extension host at run time.
  external: ['vscode'],
};

/**
 * Keeps the heavy half out of the extension bundle: `src/vscode/activation/engineLoader.ts` imports
 * `../heavyCommands` dynamically, and this turns that into a require of dist/engine.js on first command, so
 * activation loads a few kilobytes. The engine itself (ts-morph, the SDKs, the pipeline) is dist/engineWorker.js,
 * loaded by the worker thread that dist/engine.js starts.
 */
const lazyEngine = {
  name: 'lazy-engine',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/heavyCommands$/ }, (args) =>
      args.importer.endsWith('engineLoader.ts') ? { path: './engine.js', external: true } : undefined,
    );
  },
};

/**
 * In watch mode, one line when a rebuild starts and one when every bundle is done, and errors as
 * `✘ [ERROR] text` + `    file:line:col:`: what the problem matcher of the `npm: watch` task in
 * .vscode/tasks.json reads, so a debug session starts once the bundles are written.
 */
let building = 0;
const watchLog = {
  name: 'watch-log',
  setup(build) {
    build.onStart(() => {
      if (building++ === 0) console.log('[watch] build started');
    });
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      if (--building === 0) console.log('[watch] build finished');
    });
  },
};

const entries = [
  {
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    plugins: [lazyEngine],
    // A dynamic import() of a CommonJS file must stay a require() in the bundle.
    supported: { 'dynamic-import': false },
  },
  { entryPoints: ['src/vscode/heavyCommands.ts'], outfile: 'dist/engine.js' },
  // The engine worker thread (src/vscode/engine/engineHost.ts starts it): the pipeline off the host thread.
  { entryPoints: ['src/vscode/engine/engineWorker.ts'], outfile: 'dist/engineWorker.js' },
  { entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
];

async function main() {
  const contexts = await Promise.all(
    entries.map((e) =>
      esbuild.context({ ...shared, ...e, plugins: [...(e.plugins ?? []), ...(watch ? [watchLog] : [])] }),
    ),
  );
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
