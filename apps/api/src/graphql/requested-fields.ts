import { type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';

/** Names of the sub-fields selected under the field being resolved (fragments expanded; __typename ignored). */
export function requestedFieldNames(info: GraphQLResolveInfo): string[] {
  const names = new Set<string>();
  const visit = (set: SelectionSetNode | undefined, seen: Set<string>): void => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value !== '__typename') names.add(selection.name.value);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet, seen);
      } else if (!seen.has(selection.name.value)) {
        const fragment = info.fragments[selection.name.value];
        if (fragment) visit(fragment.selectionSet, new Set(seen).add(selection.name.value));
      }
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet, new Set());
  return [...names];
}
