/** The start-up resume offer's shape, apart from its code so services.ts can hold one without a cycle. */
/** What the start-up check found and offered (the extension API shows it to tests). */
export interface ResumeOffer {
  file: string;
  instruction: string;
  /** Whether the engine was loaded when the offer was made (the start-up path must not load it). */
  engineLoaded: boolean;
  /** Orchestra commands run before the offer (none: it comes from start-up, not from a command). */
  commandsRun: number;
}
