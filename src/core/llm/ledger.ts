/** Every billed model call, priced once. The single source of truth for spend (the budget reads it). */
import { addUsage, emptyUsage, type ModelRole, type TokenUsage } from './modelClient';
import { costOf, priceOf, roundUsd, type Prices } from './pricing';

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
  /** The same calls split by the provider that served them. */
  byProvider?: Record<string, RoleUsage>;
}

export interface LedgerRecord {
  role: ModelRole;
  /** The provider that served the call (`anthropic`, `openai-compatible`, …). */
  provider?: string;
  model: string;
  label?: string;
  usage: TokenUsage;
  requestId?: string;
}

export interface LedgerEntry extends LedgerRecord {
  /** 1-based order of recording. */
  seq: number;
  costUsd: number;
  /** False when the model was not in the price table (priced at the most expensive known rate, or $0 locally). */
  priceKnown: boolean;
  /** Priced at $0: no price is known and a local endpoint served it (tokens still counted). */
  free?: true;
}

export type LedgerListener = (entry: LedgerEntry, ledger: UsageLedger) => void;

export class UsageLedger {
  private readonly list: LedgerEntry[] = [];
  private readonly listeners = new Set<LedgerListener>();
  private total = 0;
  /** The hook a run assigns to stream usage events; called after each entry (see also `subscribe`). */
  onRecord: LedgerListener | undefined = undefined;

  /** `prices`: the user's overrides and the models local endpoints serve; every entry is priced with them. */
  constructor(readonly prices: Prices = {}) {}

  record(input: LedgerRecord): LedgerEntry {
    const lookup = priceOf(input.model, this.prices);
    const entry: LedgerEntry = {
      ...input,
      usage: { ...input.usage },
      seq: this.list.length + 1,
      costUsd: costOf(input.model, input.usage, this.prices),
      priceKnown: lookup.known,
      ...(lookup.local ? { free: true as const } : {}),
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
    const byProvider: Record<string, RoleUsage> = {};
    let usage = emptyUsage();
    const add = (into: RoleUsage | undefined, entry: LedgerEntry): RoleUsage => {
      const base = into ?? { calls: 0, usage: emptyUsage(), costUsd: 0 };
      return {
        calls: base.calls + 1,
        usage: addUsage(base.usage, entry.usage),
        costUsd: roundUsd(base.costUsd + entry.costUsd),
      };
    };
    for (const entry of this.list) {
      usage = addUsage(usage, entry.usage);
      byRole[entry.role] = add(byRole[entry.role], entry);
      if (entry.provider !== undefined) byProvider[entry.provider] = add(byProvider[entry.provider], entry);
    }
    const split = Object.keys(byProvider).length > 0 ? { byProvider } : {};
    return { calls: this.list.length, usage, costUsd: this.total, byRole, ...split };
  }
}
