// Placeholder entry; the CLI is wired in src/cli/.
console.log('orchestra');
