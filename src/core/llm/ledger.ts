/** Every billed model call, priced once. The single source of truth for spend (the budget reads it). */
import { addUsage, emptyUsage, type ModelRole, type TokenUsage } from './modelClient';
import { costOf, priceOf, roundUsd } from './pricing';

export interface RoleUsage {
  calls: number;
  usage: TokenUsage;
  costUsd: number;
}

export interface UsageSummary {
  calls: number;
  usage: TokenUsage;
  costUsd: number;
  byRole: Partial<Record<ModelRole, RoleUsage>>;
}

export interface LedgerRecord {
  role: ModelRole;
  model: string;
  label?: string;
  usage: TokenUsage;
  requestId?: string;
}

export interface LedgerEntry extends LedgerRecord {
  /** 1-based order of recording. */
  seq: number;
  costUsd: number;
  /** False when the model was not in the price table (priced at the most expensive known rate). */
  priceKnown: boolean;
}

export type LedgerListener = (entry: LedgerEntry, ledger: UsageLedger) => void;

export class UsageLedger {
  private readonly list: LedgerEntry[] = [];
  private readonly listeners = new Set<LedgerListener>();
  private total = 0;
  /** The hook a run assigns to stream usage events; called after each entry (see also `subscribe`). */
  onRecord: LedgerListener | undefined = undefined;

  record(input: LedgerRecord): LedgerEntry {
    const entry: LedgerEntry = {
      ...input,
      usage: { ...input.usage },
      seq: this.list.length + 1,
      costUsd: costOf(input.model, input.usage),
      priceKnown: priceOf(input.model).known,
    };
    this.list.push(entry);
    this.total = roundUsd(this.total + entry.costUsd);
    this.onRecord?.(entry, this);
    for (const listener of this.listeners) listener(entry, this);
    return entry;
  }

  entries(): readonly LedgerEntry[] {
    return this.list;
  }

  totalUsd(): number {
    return this.total;
  }

  /** Adds a further listener beside `onRecord`; returns the unsubscribe function. */
  subscribe(listener: LedgerListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  summary(): UsageSummary {
    const byRole: Partial<Record<ModelRole, RoleUsage>> = {};
    let usage = emptyUsage();
    for (const entry of this.list) {
      usage = addUsage(usage, entry.usage);
      const role = byRole[entry.role] ?? { calls: 0, usage: emptyUsage(), costUsd: 0 };
      byRole[entry.role] = {
        calls: role.calls + 1,
        usage: addUsage(role.usage, entry.usage),
        costUsd: roundUsd(role.costUsd + entry.costUsd),
      };
    }
    return { calls: this.list.length, usage, costUsd: this.total, byRole };
  }
}
