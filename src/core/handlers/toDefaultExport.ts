/** The 'toDefaultExport' handler: a named export becomes the module's default export, importers updated (no model). */
import { convertExportSpec, probeTopLevel, TO_DEFAULT } from './convertExport';
import type { Handler } from './handler';
import { inFiles, refactorHandler, symbolArgs } from './refactorHandler';

const toDefaultArgs = symbolArgs('toDefaultExport', 'the name of the exported declaration.');

export const toDefaultExportHandler: Handler<'toDefaultExport', typeof toDefaultArgs> = refactorHandler({
  name: 'toDefaultExport',
  summary: "TypeScript's convert named export to default export (no model)",
  description:
    'turns `export function f` (or class, const, …) into `export default function f` and rewrites every importer\n' +
    '  (`import { f } from` → `import f from`); the module must not have a default export yet. One subtask on the\n' +
    "  declaring file, with toDefaultExport.symbol: the declaration's name.",
  args: toDefaultArgs,
  spec: convertExportSpec(TO_DEFAULT),
  probes: probeTopLevel,
  notes: (args, changes) => `made ${args.symbol.trim()} the default export ${inFiles(changes)}`,
});
