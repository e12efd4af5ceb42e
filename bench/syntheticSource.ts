/** The text of one synthetic module: plausible, type-correct code whose imports are all used. */

export type TargetUse = 'barrel' | 'direct' | 'direct-type';

export interface ModuleSpec {
  index: number;
  /** Relative path of the module. */
  file: string;
  typeName: string;
  deps: Array<{ typeName: string; from: string }>;
  isTest: boolean;
  /** Where hub imports come from: the shared barrel, or relative paths inside the shared package. */
  hubFrom: (hub: 'result' | 'logger' | 'account') => string;
  useResult: boolean;
  useLogger: boolean;
  target: TargetUse | undefined;
  /** Mentions the target name only in a comment and a string. */
  textOnly: boolean;
  /** Declares an unrelated local interface with the target's name. */
  decoy: boolean;
  /** Declares `AccountRecordView<i>` (a substring, not the same word). */
  lookalike: boolean;
  /** Number of filler functions (file length varies like real code). */
  filler: number;
}

export function moduleSource(m: ModuleSpec): string {
  const t = m.typeName;
  const out: string[] = [];
  const byFrom = new Map<string, string[]>();
  for (const dep of m.deps) {
    const names = byFrom.get(dep.from) ?? [];
    names.push(`create${dep.typeName}`, `type ${dep.typeName}`);
    byFrom.set(dep.from, names);
  }
  for (const [from, names] of byFrom) out.push(`import { ${names.join(', ')} } from '${from}';`);
  if (m.useResult) out.push(`import { err, ok, type Result } from '${m.hubFrom('result')}';`);
  if (m.useLogger) out.push(`import { createLogger } from '${m.hubFrom('logger')}';`);
  if (m.target === 'barrel')
    out.push(`import { isAccountRecord, type AccountRecord } from '${m.hubFrom('account')}';`);
  if (m.target === 'direct') out.push(`import { AccountRecord } from '${m.hubFrom('account')}';`);
  if (m.target === 'direct-type') out.push(`import type { AccountRecord } from '${m.hubFrom('account')}';`);
  out.push('');
  out.push('/**', ` * ${t}: generated module #${m.index}${m.isTest ? ' (test helpers)' : ''}.`);
  if (m.textOnly)
    out.push(' * The owner shape is AccountRecord from the shared package; this module only stores ids.');
  out.push(' */');
  out.push(`export interface ${t} {`, '  id: string;', '  version: number;', '  labels: readonly string[];');
  out.push('  updatedAt: number;');
  for (const dep of m.deps) out.push(`  ${lower(dep.typeName)}?: ${dep.typeName};`);
  if (m.target !== undefined) out.push('  owner?: AccountRecord;');
  out.push('}', '');
  if (m.textOnly)
    out.push(
      `export const OWNER_NOTE_${m.index} = 'owners are AccountRecord values, resolved elsewhere';`,
      '',
    );
  if (m.decoy) {
    out.push('/** Legacy shape kept for old exports; unrelated to the shared account type. */');
    out.push('interface AccountRecord {', '  legacyId: number;', '}', '');
    out.push(
      `export function legacyId${m.index}(record: AccountRecord): number {`,
      '  return record.legacyId;',
      '}',
      '',
    );
  }
  if (m.lookalike) out.push(`export type AccountRecordView${m.index} = { id: string; label: string };`, '');
  out.push(`export function create${t}(id: string, version = 1): ${t} {`);
  out.push('  return { id, version, labels: [], updatedAt: 0 };', '}', '');
  out.push(`export function describe${t}(value: ${t}): string {`);
  out.push('  const parts: string[] = [`id=${value.id}`, `v=${value.version}`];');
  out.push('  for (const label of value.labels) {');
  out.push(`    if (label.length > ${(m.index % 5) + 2}) parts.push(label.toUpperCase());`);
  out.push('  }', "  return parts.join(' ');", '}', '');
  if (m.useResult) {
    out.push(`export function validate${t}(value: ${t}): Result<${t}> {`);
    out.push(`  return value.id.length > 0 ? ok(value) : err('${t} needs an id');`, '}', '');
  }
  out.push(...serviceClass(m), '');
  for (let k = 0; k < m.filler; k++) out.push(...filler(m.index, k, t), '');
  return `${out.join('\n').trimEnd()}\n`;
}

function serviceClass(m: ModuleSpec): string[] {
  const t = m.typeName;
  const out = [`export class ${t}Service {`, `  private readonly cache = new Map<string, ${t}>();`];
  if (m.useLogger) out.push(`  private readonly log = createLogger('${t}');`);
  out.push(
    '',
    `  get(id: string): ${t} {`,
    '    let found = this.cache.get(id);',
    '    if (found === undefined) {',
  );
  out.push(`      found = create${t}(id);`, '      this.cache.set(id, found);');
  if (m.useLogger) out.push("      this.log.info('created', { id });");
  out.push('    }', '    return found;', '  }', '');
  out.push(`  link(value: ${t}): ${t} {`, '    return {', '      ...value,');
  for (const dep of m.deps) out.push(`      ${lower(dep.typeName)}: create${dep.typeName}(value.id),`);
  out.push('    };', '  }');
  if (m.target !== undefined) {
    out.push('', `  ownerOf(value: ${t}): AccountRecord | undefined {`, '    return value.owner;', '  }');
    out.push('', `  withOwner(value: ${t}, owner: AccountRecord): ${t} {`);
    if (m.target === 'barrel')
      out.push("    if (!isAccountRecord(owner)) throw new Error('not an account');");
    out.push('    return { ...value, owner, updatedAt: owner.createdAt };', '  }');
  }
  out.push('}');
  return out;
}

function filler(index: number, k: number, t: string): string[] {
  return [
    `export function step${index}x${k}(input: readonly number[], factor: number): number {`,
    '  let total = 0;',
    '  for (const [position, item] of input.entries()) {',
    `    if (position % ${k + 2} === 0) {`,
    '      total += item * factor;',
    `    } else if (item > ${k * 3 + 1}) {`,
    `      total -= Math.round(item / ${k + 1});`,
    '    }',
    '  }',
    `  const label = \`${t}:${k}:\${total}\`;`,
    `  return label.length > ${10 + k} ? total : total + ${k};`,
    '}',
  ];
}

function lower(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
