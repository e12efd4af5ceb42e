/** Instant, text-only stage: which files mention a name, which seem to declare it, and seed names. */
import { isJsFile } from '../workspace/paths';
import { wordRegExp } from '../workspace/textChecks';
import type { Workspace } from '../workspace/workspace';

/** Scans go through `scanText` so a whole-workspace pass does not leave every text in memory. */
function scanText(ws: Workspace, file: string): string | undefined {
  return ws.scanText !== undefined ? ws.scanText(file) : ws.readText(file);
}

/** Files whose text mentions `name` as a whole word. */
export function filesMentioning(ws: Workspace, files: string[], name: string): string[] {
  const re = wordRegExp(name);
  const hits: string[] = [];
  for (const file of files) {
    if (ws.hasWord !== undefined) {
      if (ws.hasWord(file, name) === true) hits.push(file);
      continue;
    }
    const text = scanText(ws, file);
    if (text !== undefined && text.includes(name) && re.test(text)) hits.push(file);
  }
  return hits;
}

/**
 * Where a declaration of `name` may be spelled: after a declaring keyword, or as a member at line start
 * (after modifiers and same-line decorators); in JavaScript (`js`) also a CommonJS `exports.name =`.
 * Over-approximate: the AST check confirms.
 */
export function declarationRegExp(name: string, flags = 'm', js = false): RegExp {
  const n = escape(name);
  const keyword = keywordDeclarationSource(n);
  const modifiers =
    '(?:(?:public|private|protected|static|readonly|abstract|async|override|declare|get|set|accessor)\\s+)*';
  const decorators = '(?:@[\\w$.]+(?:\\([^)\\n]*\\))?\\s+)*';
  const member = `^[ \\t]*${decorators}${modifiers}${n}\\s*[?!]?\\s*(?:[(<:=,]|$)`;
  const commonJs = js ? `|(?<![\\w$.])(?:module\\.)?exports\\.${n}\\s*=(?!=)` : '';
  return new RegExp(`${keyword}|${member}${commonJs}`, flags);
}

/** Regex-escapes a name (`$` is legal in identifiers); the global `escape()` is URL-encoding, not this. */
function escape(name: string): string {
  return name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A declaration spelled after a declaring keyword (`class X`, `const X`, `function X`): not a member. */
function keywordDeclarationSource(escaped: string): string {
  return `(?<![\\w$.])(?:(?:class|interface|type|enum|const|let|var|namespace|module)\\s+|function(?:\\s*\\*\\s*|\\s+))${escaped}(?![\\w$])`;
}

/** Of `files` (already known to mention `name`), those that look like they declare it after a keyword. */
export function filesDeclaringByKeyword(ws: Workspace, files: string[], name: string): string[] {
  const re = new RegExp(keywordDeclarationSource(escape(name)), 'm');
  return files.filter((file) => {
    const text = scanText(ws, file);
    return text !== undefined && re.test(text);
  });
}

/** Of `files` (already known to mention `name`), those that look like they declare it. */
export function filesDeclaring(ws: Workspace, files: string[], name: string): string[] {
  const re = declarationRegExp(name);
  let jsRe: RegExp | undefined;
  return files.filter((file) => {
    const text = scanText(ws, file);
    const fileRe = isJsFile(file) ? (jsRe ??= declarationRegExp(name, 'm', true)) : re;
    return text !== undefined && fileRe.test(text);
  });
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * Words that are never the subject of a refactoring however they are quoted: JS/TS keywords and the
 * contextual keywords of imports, exports and declarations. ``import * as React from 'react'`` names no
 * declaration of the workspace, even where some class has a member called `from`. Built-in type names
 * (`string`, `symbol`) and accessor words (`get`, `set`) are left out: they are also ordinary property names.
 */
export const NOT_A_SEED: ReadonlySet<string> = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally ' +
    'for function if import in instanceof new null return super switch this throw true try typeof var void ' +
    'while with yield let static implements interface package private protected public await abstract as ' +
    'asserts async constructor declare infer is keyof module namespace readonly require type undefined unique ' +
    'from global of satisfies override accessor out using'
  ).split(' '),
);

/** Code spans of an instruction with their string literals blanked: `'react'` in an import names a package. */
function codeSpans(instruction: string): string[] {
  return [...instruction.matchAll(/`([^`\n]+)`/g)].map((m) =>
    (m[1] ?? '').replace(/'[^'\n]*'|"[^"\n]*"/g, ' '),
  );
}

/**
 * Identifier-like names an instruction mentions: backticked ones first, then camelCase/PascalCase
 * words (`createOrder`, `UserService`, `User`), in order of appearance, without duplicates. Keywords
 * (NOT_A_SEED) are never names, quoted or not.
 */
export function namesInInstruction(instruction: string): { backticked: string[]; words: string[] } {
  const backticked: string[] = [];
  for (const span of codeSpans(instruction)) {
    // `UserService.getUser()` names both parts; keep the identifiers.
    for (const part of span.split(/[^\w$]+/)) {
      if (IDENTIFIER.test(part) && !NOT_A_SEED.has(part) && !backticked.includes(part)) backticked.push(part);
    }
  }
  const outside = instruction.replace(/`[^`\n]*`/g, ' ');
  const words: string[] = [];
  for (const m of outside.matchAll(/(?<![\w$])[A-Za-z_$][\w$]*(?![\w$])/g)) {
    const w = m[0];
    const humps = /[a-z0-9][A-Z]/.test(w);
    // A lone capitalised word counts unless it only starts a sentence ("Rename User" → User).
    const sentenceStart = /(^|[.!?:]\s+)$/.test(outside.slice(0, m.index));
    const pascal = /^[A-Z][a-z0-9]+$/.test(w) && !sentenceStart;
    if ((humps || pascal) && !NOT_A_SEED.has(w) && !backticked.includes(w) && !words.includes(w))
      words.push(w);
  }
  return { backticked, words };
}

/** Names written as members in code spans (`getUser` in `UserService.getUser()`): a member is then meant. */
export function memberNamesInInstruction(instruction: string): string[] {
  const members: string[] = [];
  for (const span of codeSpans(instruction)) {
    for (const m of span.matchAll(/[\w$)\]]\s*\.\s*([A-Za-z_$][\w$]*)/g)) {
      const name = m[1] ?? '';
      if (!NOT_A_SEED.has(name) && !members.includes(name)) members.push(name);
    }
  }
  return members;
}
