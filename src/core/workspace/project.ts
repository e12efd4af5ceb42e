/**
 * The ts-morph project behind a workspace: compiler options from the tsconfig, no files up front,
 * and module resolution through the workspace resolver so packages resolve without node_modules.
 */
import { Project, ts } from 'ts-morph';
import type { ModuleResolver } from './moduleResolver';

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

export function projectCompilerOptions(fromConfig: ts.CompilerOptions | undefined): ts.CompilerOptions {
  const options: ts.CompilerOptions = { ...(fromConfig ?? DEFAULT_COMPILER_OPTIONS) };
  for (const key of BUILD_ONLY) delete options[key];
  // The type checker must only see what a query needs: imports are not followed, files are added
  // explicitly; resolution still maps each import to its file once that file is in the project.
  options.noResolve = true;
  options.noEmit = true;
  options.skipLibCheck = true;
  options.allowJs = false;
  return options;
}

export function createWorkspaceProject(
  compilerOptions: ts.CompilerOptions | undefined,
  resolver: ModuleResolver,
): Project {
  return new Project({
    compilerOptions: projectCompilerOptions(compilerOptions),
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    resolutionHost: (moduleResolutionHost, getCompilerOptions) => {
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
    },
  });
}
