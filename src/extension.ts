// Placeholder; wiring lands with the VS Code adapters.
export function activate(): void {}
export function deactivate(): void {}
