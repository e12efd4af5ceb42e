/**
 * Source of a stand-in `vscode` module for the activation benchmark: enough real behaviour for
 * activation (events, disposables, Uri, configuration defaults) and a recording Proxy for the rest.
 * Written to bench/.work/node_modules/vscode so the bundle's external require finds it.
 */
export const VSCODE_STUB = String.raw`'use strict';
const path = require('node:path');
function stub(name) {
  const values = new Map();
  const target = function () {};
  return new Proxy(target, {
    get(_t, prop) {
      if (values.has(prop)) return values.get(prop);
      if (prop === 'then') return undefined;
      if (prop === Symbol.toPrimitive) return () => '[' + name + ']';
      if (prop === Symbol.iterator) return function* () {};
      if (prop === 'dispose') return () => {};
      const child = stub(name + '.' + String(prop));
      values.set(prop, child);
      return child;
    },
    set(_t, prop, value) {
      values.set(prop, value);
      return true;
    },
    apply() {
      return stub(name + '()');
    },
    construct() {
      return stub('new ' + name);
    },
  });
}
const uri = (p) => ({ fsPath: p, path: p, scheme: 'file', toString: () => 'file://' + p, with: () => uri(p) });
class Disposable {
  constructor(fn) { this.fn = fn; }
  dispose() { if (this.fn) this.fn(); }
  static from(...items) { return new Disposable(() => items.forEach((d) => d && d.dispose && d.dispose())); }
}
class EventEmitter {
  constructor() {
    this.listeners = new Set();
    this.event = (listener) => { this.listeners.add(listener); return new Disposable(() => this.listeners.delete(listener)); };
  }
  fire(value) { for (const l of [...this.listeners]) l(value); }
  dispose() { this.listeners.clear(); }
}
const folder = process.env.BENCH_VSCODE_FOLDER;
// A plain object (not a Proxy) at the top: bundlers copy its own keys for \`import * as vscode\`.
const vscode = {};
const names = ['window', 'workspace', 'commands', 'languages', 'lm', 'env', 'extensions', 'debug', 'tasks', 'scm',
  'StatusBarAlignment', 'ProgressLocation', 'ViewColumn', 'ConfigurationTarget', 'LanguageModelChatToolMode',
  'LanguageModelChatMessage', 'LanguageModelError', 'LanguageModelTextPart', 'LanguageModelToolCallPart',
  'CancellationError', 'CancellationTokenSource', 'Range', 'Position', 'Selection', 'ThemeColor', 'ThemeIcon',
  'WorkspaceEdit', 'TreeItem', 'TreeItemCollapsibleState', 'TreeItemCheckboxState', 'MarkdownString',
  'RelativePattern', 'FileType'];
for (const n of names) vscode[n] = stub('vscode.' + n);
Object.assign(vscode, {
  version: '1.100.0',
  Disposable,
  EventEmitter,
  Uri: {
    file: uri,
    parse: (s) => uri(s.replace(/^file:\/\//, '')),
    joinPath: (base, ...parts) => uri(path.join(base.fsPath, ...parts)),
    from: (c) => uri(c.path),
  },
});
// Kept so the probe can run a command: the background pre-warm starts with the first one (firstUse.ts).
const registered = new Map();
vscode.commands.registerCommand = (id, handler) => { registered.set(id, handler); return new Disposable(() => registered.delete(id)); };
Object.defineProperty(vscode, '__registeredCommands', { value: registered, enumerable: false });
vscode.commands.executeCommand = async () => undefined;
vscode.workspace.workspaceFolders = folder ? [{ uri: uri(folder), name: path.basename(folder), index: 0 }] : undefined;
vscode.workspace.getConfiguration = () => ({ get: (_k, d) => d, has: () => false, inspect: () => undefined, update: async () => {} });
module.exports = vscode;
`;
