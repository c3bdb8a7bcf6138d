import { buildSchema, isEnumType, isInputObjectType, isObjectType, isScalarType } from 'graphql';
import { describe, expect, it } from 'vitest';

import { loadTypeDefs } from '../../../src/graphql/type-defs.js';

/**
 * The API reference is the schema itself (GraphiQL's docs pane shows the descriptions), so everything a client can
 * name must be described: every type, field, argument, input field and enum value of `schema/*.graphql`.
 */
function undescribedElements(sdl: string): string[] {
  const schema = buildSchema(sdl);
  const missing: string[] = [];
  const check = (path: string, description: string | null | undefined) => {
    if (!description || description.trim().length === 0) missing.push(path);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isScalarType(type) && type.astNode === undefined) continue; // String, Int, ...: graphql-js's own
    check(type.name, type.description);
    if (isObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        check(`${type.name}.${field.name}`, field.description);
        for (const arg of field.args) check(`${type.name}.${field.name}(${arg.name})`, arg.description);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields()))
        check(`${type.name}.${field.name}`, field.description);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) check(`${type.name}.${value.name}`, value.description);
    }
  }
  return missing;
}

describe('schema descriptions', () => {
  it('describe every type, field, argument, input field and enum value', () => {
    expect(undescribedElements(loadTypeDefs())).toEqual([]);
  });

  it('are really checked: an undescribed field, argument and enum value are each reported', () => {
    const sdl = `
      """A query."""
      type Query {
        """Described."""
        a(x: Int): Int
        b: Int
      }
      """An enum."""
      enum E {
        """Described."""
        ONE
        TWO
      }
    `;
    expect(undescribedElements(sdl)).toEqual(['Query.a(x)', 'Query.b', 'E.TWO']);
  });
});
