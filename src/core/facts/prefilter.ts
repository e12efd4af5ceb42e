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
  const keyword = `(?<![\\w$.])(?:(?:class|interface|type|enum|const|let|var|namespace|module)\\s+|function(?:\\s*\\*\\s*|\\s+))${n}(?![\\w$])`;
  const modifiers =
    '(?:(?:public|private|protected|static|readonly|abstract|async|override|declare|get|set|accessor)\\s+)*';
  const decorators = '(?:@[\\w$.]+(?:\\([^)\\n]*\\))?\\s+)*';
  const member = `^[ \\t]*${decorators}${modifiers}${n}\\s*[?!]?\\s*(?:[(<:=,]|$)`;
  const commonJs = js ? `|(?<![\\w$.])(?:module\\.)?exports\\.${n}\\s*=(?!=)` : '';
  return new RegExp(`${keyword}|${member}${commonJs}`, flags);
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
 * Identifier-like names an instruction mentions: backticked ones first, then camelCase/PascalCase
 * words (`createOrder`, `UserService`, `User`), in order of appearance, without duplicates.
 */
export function namesInInstruction(instruction: string): { backticked: string[]; words: string[] } {
  const backticked: string[] = [];
  for (const m of instruction.matchAll(/`([^`\n]+)`/g)) {
    // `UserService.getUser()` names both parts; keep the identifiers.
    for (const part of (m[1] ?? '').split(/[^\w$]+/)) {
      if (IDENTIFIER.test(part) && !backticked.includes(part)) backticked.push(part);
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
    if ((humps || pascal) && !backticked.includes(w) && !words.includes(w)) words.push(w);
  }
  return { backticked, words };
}
