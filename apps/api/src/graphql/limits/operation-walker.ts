import {
  type ASTVisitor,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';

/** 'skip' = do not descend into this field's selection (introspection), 'stop' = limit exceeded. */
export type WalkStep = 'continue' | 'skip' | 'stop';

/** What a limit rule sees for each field of an operation, with fragments expanded in place. */
export interface FieldVisit {
  field: FieldNode;
  /** 1 for a root field. */
  depth: number;
  /** Product of the `first` arguments of the enclosing list fields (1 at the root). */
  multiplier: number;
}

/**
 * Walks every operation with fragment spreads and inline fragments EXPANDED, so a limit cannot be bypassed by hiding
 * nesting inside fragments. A fragment cycle (already reported by graphql's own NoFragmentCycles rule) is cut short.
 */
export function walkOperation(
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  visit: (v: FieldVisit) => WalkStep,
): void {
  const walk = (set: SelectionSetNode, depth: number, multiplier: number, activeFragments: ReadonlySet<string>): boolean => {
    for (const selection of set.selections) {
      switch (selection.kind) {
        case Kind.FIELD: {
          const step = visit({ field: selection, depth, multiplier });
          if (step === 'stop') return false;
          if (step === 'continue' && selection.selectionSet) {
            const childMultiplier = multiplier * listMultiplier(selection);
            if (!walk(selection.selectionSet, depth + 1, childMultiplier, activeFragments)) return false;
          }
          break;
        }
        case Kind.INLINE_FRAGMENT:
          if (!walk(selection.selectionSet, depth, multiplier, activeFragments)) return false;
          break;
        case Kind.FRAGMENT_SPREAD: {
          const name = selection.name.value;
          const fragment = fragments.get(name);
          if (!fragment || activeFragments.has(name)) break;
          const next = new Set(activeFragments).add(name);
          if (!walk(fragment.selectionSet, depth, multiplier, next)) return false;
          break;
        }
      }
    }
    return true;
  };
  walk(operation.selectionSet, 1, 1, new Set());
}

/** A field with a literal integer `first` argument is treated as returning that many items; variables count as 50. */
function listMultiplier(field: FieldNode): number {
  const first = field.arguments?.find((a) => a.name.value === 'first');
  if (!first) return 1;
  if (first.value.kind === Kind.INT) return Math.max(1, Number(first.value.value));
  return 50;
}

/** Builds a validation rule that runs `check` once per operation, with the document's fragments indexed. */
export function operationRule(
  check: (operation: OperationDefinitionNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>) => string | null,
): (context: ValidationContext) => ASTVisitor {
  return (context) => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    return {
      OperationDefinition(node) {
        const message = check(node, fragments);
        if (message) context.reportError(new GraphQLError(message, { nodes: [node], extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }));
      },
    };
  };
}
