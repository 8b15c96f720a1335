import { type ASTNode, Kind, type ValidationRule } from 'graphql';

/**
 * The input path (`input.caseId`, `ids.2`) of each value written inline in a query, so the error formatter can turn
 * graphql-js's "Expected value of type X, found <the value>" into BAD_USER_INPUT with a path and without the value.
 * Keyed by AST node: entries disappear with the parsed document.
 */
const literalPaths = new WeakMap<ASTNode, string>();

export function literalPathOf(node: ASTNode | undefined): string | undefined {
  return node ? literalPaths.get(node) : undefined;
}

function isNode(value: unknown): value is ASTNode {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { kind?: unknown }).kind === 'string'
  );
}

/** The path of the value being visited: argument name, object field names and list indexes from `ancestors`/`keys`. */
function pathFrom(ancestors: readonly unknown[], keys: readonly (string | number)[]): string | undefined {
  const parts: string[] = [];
  for (let i = 0; i < ancestors.length; i++) {
    const node = ancestors[i];
    if (isNode(node)) {
      if (node.kind === Kind.ARGUMENT || node.kind === Kind.OBJECT_FIELD) parts.push(node.name.value);
      else if (node.kind === Kind.VARIABLE_DEFINITION) return undefined; // default values: not an argument
    } else if (
      Array.isArray(node) &&
      isNode(ancestors[i - 1]) &&
      (ancestors[i - 1] as ASTNode).kind === Kind.LIST
    ) {
      parts.push(String(keys[i]));
    }
  }
  return parts.length > 0 ? parts.join('.') : undefined;
}

const VALUE_KINDS = [
  Kind.STRING,
  Kind.INT,
  Kind.FLOAT,
  Kind.BOOLEAN,
  Kind.ENUM,
  Kind.NULL,
  Kind.LIST,
  Kind.OBJECT,
] as const;

/** Records the path of every inline value under an argument (adds no error of its own). */
export const literalPathRule: ValidationRule = () => {
  const enter = (
    node: ASTNode,
    _key: unknown,
    _parent: unknown,
    keys: readonly (string | number)[],
    ancestors: readonly unknown[],
  ): void => {
    const path = pathFrom([...ancestors, _parent], [...keys]);
    if (path !== undefined) literalPaths.set(node, path);
  };
  return Object.fromEntries(VALUE_KINDS.map((kind) => [kind, { enter }]));
};
