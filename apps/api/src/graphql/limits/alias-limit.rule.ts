import { operationRule, walkOperation } from './operation-walker';

/** Rejects operations using more than `maxAliases` aliases (fragments expanded, so each use of a fragment counts). */
export function aliasLimitRule(maxAliases: number) {
  return operationRule((operation, fragments) => {
    let aliases = 0;
    walkOperation(operation, fragments, ({ field }) => {
      if (field.alias) aliases += 1;
      return aliases > maxAliases ? 'stop' : 'continue';
    });
    return aliases > maxAliases ? `Query uses more than ${maxAliases} aliases` : null;
  });
}
