import { operationRule, walkOperation } from './operation-walker';

/** Rejects operations nested deeper than `maxDepth` fields, counting through fragments. Introspection is exempt. */
export function depthLimitRule(maxDepth: number) {
  return operationRule((operation, fragments) => {
    let exceeded = false;
    walkOperation(operation, fragments, ({ field, depth }) => {
      if (field.name.value.startsWith('__')) return 'skip';
      if (depth > maxDepth) {
        exceeded = true;
        return 'stop';
      }
      return 'continue';
    });
    return exceeded ? `Query exceeds the maximum depth of ${maxDepth}` : null;
  });
}
