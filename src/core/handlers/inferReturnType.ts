/** The 'inferReturnType' handler: TypeScript's "Infer function return type" writes out a function's return type. */
import { Node } from 'ts-morph';
import { err, ok } from '../result';
import type { Handler } from './handler';
import { refactorHandler, symbolArgs } from './refactorHandler';
import { functionNamed, functionPosition, isFunctionLike, type FunctionTarget } from './refactorTarget';

const REFACTOR = 'Infer function return type';

const inferArgs = symbolArgs('inferReturnType', 'the function, as `name` or `Class.method`.');

export const inferReturnTypeHandler: Handler<'inferReturnType', typeof inferArgs> = refactorHandler({
  name: 'inferReturnType',
  summary: "TypeScript's infer function return type (no model)",
  description:
    'writes out the return type TypeScript infers for a function that has none. One subtask on the file that\n' +
    '  declares it, with inferReturnType.symbol: a function, a const holding an arrow function, or Class.method.',
  args: inferArgs,
  spec: {
    locate(sf, args, file) {
      const fn = functionNamed(sf, args.symbol.trim(), file);
      if (!fn.ok) return fn;
      // TypeScript's own reason here would be "Return type must be inferred from a function".
      if (hasReturnType(fn.value))
        return err(`\`${args.symbol.trim()}\` in ${file} already declares its return type`);
      const at = functionPosition(fn.value);
      return ok({
        refactor: REFACTOR,
        action: REFACTOR,
        kind: 'refactor.rewrite.function.returnType',
        at,
        names: [],
      });
    },
  },
  probes: (decl, address) => (isFunctionLike(decl) ? [{ symbol: address }] : []),
  notes: (args) => `wrote out the inferred return type of ${args.symbol.trim()}`,
});

function hasReturnType(fn: FunctionTarget): boolean {
  return Node.isReturnTyped(fn) && fn.getReturnTypeNode() !== undefined;
}
