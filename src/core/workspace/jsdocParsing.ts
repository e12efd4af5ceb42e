/**
 * Makes a ts-morph project parse like tsc: JSDoc only where it carries types or `@see`/`@link` names
 * (`JSDocParsingMode.ParseForTypeErrors`, tsc's default). ts-morph always parses every JSDoc comment, which
 * is a third of the parse time on heavily documented code and on the lib files. Used for the query
 * project only: references (including `{@link X}`) come out the same; renames keep full JSDoc.
 *
 * ts-morph exposes no option for it, so its document registry's two parsing entry points are replaced
 * on the instance; when the registry does not have the expected shape, nothing changes.
 */
import { ts, type Project } from 'ts-morph';

interface Registry {
  createOrUpdateSourceFile(
    fileName: string,
    settings: ts.CompilerOptions,
    snapshot: ts.IScriptSnapshot,
    scriptKind?: ts.ScriptKind,
  ): ts.SourceFile;
  acquireDocument(
    fileName: string,
    settings: ts.CompilerOptions,
    snapshot: ts.IScriptSnapshot,
    version: string,
    scriptKind?: ts.ScriptKind,
  ): ts.SourceFile;
  removeSourceFile(fileName: string): void;
}

function registryOf(project: Project): Registry | undefined {
  const context = (project as unknown as { _context?: { compilerFactory?: { documentRegistry?: unknown } } })
    ._context;
  const registry = context?.compilerFactory?.documentRegistry as Partial<Registry> | undefined;
  const ok =
    typeof registry?.createOrUpdateSourceFile === 'function' &&
    typeof registry.acquireDocument === 'function' &&
    typeof registry.removeSourceFile === 'function';
  return ok ? (registry as Registry) : undefined;
}

/** Call right after `new Project()`, before any file is added. Returns whether it applied. */
export function parseJsDocLikeTsc(project: Project): boolean {
  const registry = registryOf(project);
  if (registry === undefined || project.getSourceFiles().length > 0) return false;
  const files = new Map<string, ts.SourceFile>();
  const parse = (
    fileName: string,
    settings: ts.CompilerOptions,
    snapshot: ts.IScriptSnapshot,
    version: string,
    scriptKind: ts.ScriptKind | undefined,
  ): ts.SourceFile => {
    const options: ts.CreateSourceFileOptions = {
      languageVersion: settings.target ?? ts.ScriptTarget.Latest,
      jsDocParsingMode: ts.JSDocParsingMode.ParseForTypeErrors,
    };
    const sf = ts.createLanguageServiceSourceFile(fileName, snapshot, options, version, true, scriptKind);
    files.set(fileName, sf);
    return sf;
  };
  const versionOf = (sf: ts.SourceFile): string => (sf as { version?: string }).version ?? '0';
  registry.createOrUpdateSourceFile = (fileName, settings, snapshot, scriptKind) => {
    const previous = files.get(fileName);
    const version = previous === undefined ? '0' : String((parseInt(versionOf(previous), 10) || 0) + 1);
    return parse(fileName, settings, snapshot, version, scriptKind);
  };
  registry.acquireDocument = (fileName, settings, snapshot, version, scriptKind) => {
    const key = fileName.replace(/\\/g, '/');
    const known = files.get(key);
    return known !== undefined && versionOf(known) === version
      ? known
      : parse(key, settings, snapshot, version, scriptKind);
  };
  registry.removeSourceFile = (fileName) => void files.delete(fileName);
  return true;
}
