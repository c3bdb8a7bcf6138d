import {
  FromNode,
  RawNode,
  SelectQueryNode,
  TableNode,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';

/**
 * A Kysely plugin that reads `table` of a select through `index` (`FROM table FORCE INDEX (index)`): Kysely 0.28
 * has no index hints, so the plugin swaps the table in the select's `FROM` for the same table with the hint.
 *
 * For a statement whose right index is known from its shape (a list's order, `instance.repository.ts`): the
 * optimizer then neither estimates the other indexes that could serve its filter nor weighs a table scan. Both
 * names are the repository's own identifiers, never input.
 */
export function forceIndex(table: string, index: string): KyselyPlugin {
  const hinted = RawNode.createWithSql(`\`${table}\` FORCE INDEX (\`${index}\`)`);
  return {
    transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
      if (!SelectQueryNode.is(node) || !node.from) return node;
      const froms = node.from.froms.map((from) =>
        TableNode.is(from) && !from.table.schema && from.table.identifier.name === table ? hinted : from,
      );
      return { ...node, from: FromNode.create(froms) };
    },
    async transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      return result;
    },
  };
}
