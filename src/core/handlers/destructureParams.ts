/**
 * The 'destructureParams' handler: TypeScript's "Convert parameters to destructured object" turns a
 * function's parameters into one destructured object parameter and rewrites every call.
 */
import { ok } from '../result';
import type { Handler } from './handler';
import { inFiles, refactorHandler, symbolArgs } from './refactorHandler';
import { functionNamed, functionPosition, isFunctionLike } from './refactorTarget';

const REFACTOR = 'Convert parameters to destructured object';

const destructureArgs = symbolArgs(
  'destructureParams',
  'the function, as `name`, `Class.method` or `Class.constructor`.',
);

export const destructureParamsHandler: Handler<'destructureParams', typeof destructureArgs> = refactorHandler(
  {
    name: 'destructureParams',
    summary: "TypeScript's convert parameters to destructured object (no model)",
    description:
      'makes a function take one object ({ a, b }: { a: A; b: B }) instead of positional parameters, with every\n' +
      '  call rewritten in every file. One subtask on the file that declares it, with destructureParams.symbol: a function,\n' +
      '  a const holding an arrow function, Class.method or Class.constructor.',
    args: destructureArgs,
    spec: {
      whenNothing:
        'it converts only a function whose every use is a call; one passed as a value is left alone',
      locate(sf, args, file) {
        const path = args.symbol.trim();
        const fn = functionNamed(sf, path, file);
        if (!fn.ok) return fn;
        // Calls name the function (or the method, or the class for `new`): their files must be loaded.
        const names = path.split('.').filter((n) => n !== 'constructor');
        const at = functionPosition(fn.value);
        return ok({
          refactor: REFACTOR,
          action: REFACTOR,
          kind: 'refactor.rewrite.parameters.toDestructured',
          at,
          names,
        });
      },
    },
    probes: (decl, address) => (isFunctionLike(decl) ? [{ symbol: address }] : []),
    notes: (args, changes) =>
      `converted the parameters of ${args.symbol.trim()} to a destructured object ${inFiles(changes)}`,
  },
);
