import { NoSchemaIntrospectionCustomRule, type ValidationRule } from 'graphql';
import { aliasLimitRule } from './alias-limit.rule';
import { costLimitRule } from './cost-limit.rule';
import { depthLimitRule } from './depth-limit.rule';

export { aliasLimitRule, costLimitRule, depthLimitRule };

export const QUERY_LIMITS = { maxDepth: 10, maxAliases: 15, maxCost: 5000 } as const;

/** The validation rules added to graphql's own; production also refuses introspection. */
export function queryLimitRules(production: boolean): ValidationRule[] {
  const rules: ValidationRule[] = [
    depthLimitRule(QUERY_LIMITS.maxDepth),
    aliasLimitRule(QUERY_LIMITS.maxAliases),
    costLimitRule(QUERY_LIMITS.maxCost),
  ];
  if (production) rules.push(NoSchemaIntrospectionCustomRule);
  return rules;
}
