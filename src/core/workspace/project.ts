/**
 * The ts-morph projects behind a workspace: compiler options from the tsconfig, no files up front,
 * and module resolution through the workspace resolver so packages resolve without node_modules.
 */
import { Project, ts, type ResolutionHostFactory } from 'ts-morph';
import type { ModuleResolver } from './moduleResolver';
import { parseJsDocLikeTsc } from './jsdocParsing';
import { addQueryLib } from './queryLib';

/** Options that only matter for emit or `tsc -b`; dropped so a partial program stays quiet about them. */
const BUILD_ONLY = [
  'composite',
  'incremental',
  'tsBuildInfoFile',
  'declaration',
  'declarationMap',
  'emitDeclarationOnly',
  'sourceMap',
  'inlineSourceMap',
  'outDir',
  'outFile',
  'rootDir',
  'configFilePath',
  'plugins',
  'build',
  'watch',
] as const;

export const DEFAULT_COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  jsx: ts.JsxEmit.Preserve,
  strict: true,
  esModuleInterop: true,
};

/**
 * A folder of plain JavaScript without a jsconfig: the defaults TypeScript gives a jsconfig.json, on top of
 * the engine's own. `checkJs` stays unset, so only syntax is checked unless a file says `// @ts-check`.
 */
export const JS_DEFAULT_COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  jsx: ts.JsxEmit.Preserve,
  esModuleInterop: true,
  allowJs: true,
  maxNodeModuleJsDepth: 2,
  allowSyntheticDefaultImports: true,
  skipLibCheck: true,
  noEmit: true,
};

/** Lib files without the browser/host ones (`lib.dom.d.ts` alone is ~2 MB to parse and bind). */
export function languageLibs(options: ts.CompilerOptions): string[] {
  const libs = options.lib ?? [ts.getDefaultLibFileName(options)];
  const kept = libs
    .map((lib) => (lib === 'lib.d.ts' ? 'lib.es5.d.ts' : lib.replace(/\.full\.d\.ts$/, '.d.ts')))
    .filter((lib) => !/^lib\.(dom|webworker|scripthost)\b/.test(lib));
  return kept.length > 0 ? kept : ['lib.es2022.d.ts'];
}

/**
 * `full`: the tsconfig's options (libs as configured, imports followed) for type checks and renames.
 * `query`: what reference queries need — imports not followed (the checker sees only the files added),
 * no browser libs, no automatic @types.
 * `holdsJs`: the workspace lists JavaScript files, which a program leaves out unless `allowJs` is on.
 */
export function projectCompilerOptions(
  fromConfig: ts.CompilerOptions | undefined,
  kind: 'full' | 'query',
  holdsJs = false,
): ts.CompilerOptions {
  const defaults = holdsJs ? JS_DEFAULT_COMPILER_OPTIONS : DEFAULT_COMPILER_OPTIONS;
  const options: ts.CompilerOptions = { ...(fromConfig ?? defaults) };
  for (const key of BUILD_ONLY) delete options[key];
  options.noEmit = true;
  options.skipLibCheck = true;
  if (kind === 'query') {
    options.lib = languageLibs(options);
    options.noResolve = true;
    options.types = [];
    options.allowJs = false;
  }
  if (holdsJs) options.allowJs = true;
  return options;
}

function resolutionHost(resolver: ModuleResolver): ResolutionHostFactory {
  return (moduleResolutionHost, getCompilerOptions) => {
    const cache = ts.createModuleResolutionCache(
      moduleResolutionHost.getCurrentDirectory?.() ?? '/',
      (f) => (ts.sys.useCaseSensitiveFileNames ? f : f.toLowerCase()),
      getCompilerOptions(),
    );
    return {
      resolveModuleNames: (moduleNames, containingFile) =>
        moduleNames.map(
          (name) =>
            resolver.resolveForCompiler(containingFile, name) ??
            ts.resolveModuleName(name, containingFile, getCompilerOptions(), moduleResolutionHost, cache)
              .resolvedModule,
        ),
    };
  };
}

export function createWorkspaceProject(
  compilerOptions: ts.CompilerOptions | undefined,
  resolver: ModuleResolver,
  kind: 'full' | 'query',
  root: string,
  holdsJs = false,
): Project {
  const options = projectCompilerOptions(compilerOptions, kind, holdsJs);
  const project = new Project({
    compilerOptions: options,
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    resolutionHost: resolutionHost(resolver),
  });
  if (kind === 'query') parseJsDocLikeTsc(project);
  if (kind === 'query' && addQueryLib(project, root, options.lib ?? [])) {
    project.compilerOptions.set({ noLib: true, lib: undefined });
  }
  return project;
}
