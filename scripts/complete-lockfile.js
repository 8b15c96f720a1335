// Run after changing dependencies (npm run lockfile:complete). The registry reachable from these machines answers 404 for
// other platforms' builds of native packages (e.g. @swc/core-darwin-arm64), so npm leaves them out of the lock and `npm ci`
// then rejects it as out of sync. This adds their entries back (optional: never installed on Linux).
const fs = require('fs');
const file = process.argv[2];
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
let added = 0;
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${path ? path + '/' : ''}node_modules/${name}`;
    const top = `node_modules/${name}`;
    if (lock.packages[nested] || lock.packages[top]) continue;
    lock.packages[top] = { version: spec.replace(/^[\^~=]/, ''), optional: true };
    added++;
  }
}
fs.writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
console.log(`added ${added} entries`);
