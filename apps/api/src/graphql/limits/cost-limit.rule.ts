import { operationRule, walkOperation } from './operation-walker';

/**
 * A simple cost model: every field costs 1, times the `first` of each enclosing paginated field (50 when the page size
 * is a variable). Rejects operations above `maxCost`. Introspection is free.
 */
export function costLimitRule(maxCost: number) {
  return operationRule((operation, fragments) => {
    let cost = 0;
    walkOperation(operation, fragments, ({ field, multiplier }) => {
      if (field.name.value.startsWith('__')) return 'skip';
      cost += multiplier;
      return cost > maxCost ? 'stop' : 'continue';
    });
    return cost > maxCost ? `Query exceeds the maximum cost of ${maxCost}` : null;
  });
}
