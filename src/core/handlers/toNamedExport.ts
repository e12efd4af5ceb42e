/** The 'toNamedExport' handler: a default export becomes a named export, importers updated (no model). */
import { convertExportSpec, probeTopLevel, TO_NAMED } from './convertExport';
import type { Handler } from './handler';
import { inFiles, refactorHandler, symbolArgs } from './refactorHandler';

const toNamedArgs = symbolArgs('toNamedExport', 'the name of the default-exported declaration.');

export const toNamedExportHandler: Handler<'toNamedExport', typeof toNamedArgs> = refactorHandler({
  name: 'toNamedExport',
  summary: "TypeScript's convert default export to named export (no model)",
  description:
    'turns `export default function f` (or class, …) into `export function f` and rewrites every importer\n' +
    "  (`import f from` → `import { f } from`). One subtask on the declaring file, with toNamedExport.symbol: the declaration's name.",
  args: toNamedArgs,
  spec: convertExportSpec(TO_NAMED),
  probes: probeTopLevel,
  notes: (args, changes) =>
    `made the default export ${args.symbol.trim()} a named export ${inFiles(changes)}`,
});
