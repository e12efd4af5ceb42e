/**
 * The 'extractType' handler: TypeScript's "Extract to type alias" / "Extract to interface" gives an inline
 * type a name. TypeScript names it `NewType` and leaves the name to an inline rename; here the step's `name`
 * takes its place, and the new type is exported when the declaration it annotates is (so importers and
 * declaration emit can name it).
 */
import { Node, SyntaxKind, ts } from 'ts-morph';
import { z } from 'zod';
import { absolutePath } from '../merge/projectFiles';
import { err, ok, type Result } from '../result';
import type { Handler } from './handler';
import { identifierProblem, refactorHandler, symbolArgs } from './refactorHandler';
import type { StepContext } from './refactorStep';
import { annotationNamed, isTopLevel, parametersOf, topLevelStatements } from './refactorTarget';
import type { RefactorChange, RefactorEdits } from './tsRefactor';

const extractArgs = symbolArgs(
  'extractType',
  "the declaration whose inline type becomes a named type, the new type's name, " +
    "and kind 'type' (an alias, the default) or 'interface'.",
  { name: z.string().min(1), kind: z.enum(['type', 'interface']).optional() },
);

type ExtractArgs = z.infer<typeof extractArgs.schema>;

export const extractTypeHandler: Handler<'extractType', typeof extractArgs> = refactorHandler({
  name: 'extractType',
  summary: "TypeScript's extract to type alias / interface (no model)",
  description:
    'names an inline type: `const cfg: { host: string }` becomes `type Config = { host: string }` plus `const cfg: Config`.\n' +
    '  One subtask on the declaring file, with extractType.symbol: the declaration the type annotates (`cfg`; `fn.param`\n' +
    "  for a parameter; `Type.property`; a function for its return type), extractType.name and kind 'type' or 'interface'.",
  args: extractArgs,
  checkArgs: (args) => identifierProblem(args.name),
  spec: {
    locate(sf, args, file) {
      if (sf.getDescendantsOfKind(SyntaxKind.Identifier).some((id) => id.getText() === args.name)) {
        return err(`\`${args.name}\` is already used in ${file}; choose another name`);
      }
      const type = annotationNamed(sf, args.symbol.trim(), file);
      if (!type.ok) return type;
      if (!Node.isTypeLiteral(type.value)) {
        return err(
          `\`${args.symbol.trim()}\` is annotated with \`${type.value.getText()}\`, not an inline object type`,
        );
      }
      const action = args.kind === 'interface' ? 'Extract to interface' : 'Extract to type alias';
      return ok({
        refactor: 'Extract type',
        action,
        kind: args.kind === 'interface' ? 'refactor.extract.interface' : 'refactor.extract.type',
        at: { pos: type.value.getStart(), end: type.value.getEnd() },
        names: [],
      });
    },
    finish: nameTheType,
  },
  probes: (decl, address) => {
    const params = parametersOf(decl).flatMap((p) =>
      Node.isParameterDeclaration(p) && Node.isIdentifier(p.getNameNode())
        ? [`${address}.${p.getName()}`]
        : [],
    );
    return [address, ...(isTopLevel(decl) ? params : [])].map((symbol) => ({ symbol, name: 'Extracted' }));
  },
  notes: (args) =>
    `extracted the type of ${args.symbol.trim()} to ${args.kind === 'interface' ? 'interface' : 'type'} ${args.name}`,
});

/** Puts `args.name` where TypeScript wrote its placeholder, and exports the type beside an exported declaration. */
function nameTheType(edits: RefactorEdits, args: ExtractArgs, step: StepContext): Result<RefactorChange[]> {
  const change = edits.changes.find((c) => c.file === step.file);
  const at = edits.renameAt;
  if (change === undefined || at === undefined || at.file !== step.file) {
    return err('TypeScript did not say where it put the new type');
  }
  const placeholder = /[A-Za-z_$][\w$]*/y;
  placeholder.lastIndex = at.position;
  const generated = placeholder.exec(change.after)?.[0];
  if (generated === undefined) return err('TypeScript did not say where it put the new type');
  const parsed = ts.createSourceFile(step.file, change.after, ts.ScriptTarget.Latest, true);
  // TypeScript picks a name no identifier of the file has, so every identifier spelling it is the new type.
  const spans: Array<{ start: number; end: number; text: string }> = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node.text === generated) {
      spans.push({ start: node.getStart(parsed), end: node.getEnd(), text: args.name });
    }
    ts.forEachChild(node, visit);
  };
  visit(parsed);
  const decl = parsed.statements.find(
    (s) => (ts.isTypeAliasDeclaration(s) || ts.isInterfaceDeclaration(s)) && s.name.text === generated,
  );
  if (decl === undefined) return err('TypeScript did not add the new type at the top level');
  if (annotatesExported(step, args))
    spans.push({ start: decl.getStart(parsed), end: decl.getStart(parsed), text: 'export ' });
  let after = change.after;
  for (const s of spans.sort((a, b) => b.start - a.start))
    after = after.slice(0, s.start) + s.text + after.slice(s.end);
  return ok(edits.changes.map((c) => (c === change ? { ...c, after } : c)));
}

function annotatesExported(step: StepContext, args: ExtractArgs): boolean {
  const sf = step.view.getProject().getSourceFile(absolutePath(step.view.root, step.file));
  const head = args.symbol.trim().split('.')[0] ?? '';
  const statements = sf === undefined ? undefined : topLevelStatements(sf, head, step.file);
  const statement = statements?.ok === true ? statements.value[0] : undefined;
  return statement !== undefined && Node.isExportable(statement) && statement.isExported();
}
