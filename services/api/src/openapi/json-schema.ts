import { z } from 'zod';

/** Schemas given a name here become `#/components/schemas/<name>` in the document. */
export const namedSchemas = z.registry<{ id: string }>();

export function named<T extends z.ZodType>(schema: T, id: string): T {
  namedSchemas.add(schema, { id });
  return schema;
}

export type JsonSchema = Record<string, unknown>;

/**
 * zod → JSON Schema 2020-12 (OpenAPI 3.1's dialect), with named schemas
 * hoisted into shared components instead of repeated in every operation.
 */
export class SchemaConverter {
  readonly components: Record<string, JsonSchema> = {};

  /** Requests are described as input (before defaults and coercion), replies as output. */
  convert(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    const json = z.toJSONSchema(schema, {
      metadata: namedSchemas,
      io,
      // Transforms and the like have no JSON Schema; they show as "any" rather than failing.
      unrepresentable: 'any',
    }) as JsonSchema;
    // The dialect is the document's (OpenAPI 3.1), not repeated per schema.
    delete json.$schema;
    const { $defs, ...rest } = json;
    const rewritten = rewriteRefs(rest);
    for (const [id, def] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) {
      this.addComponent(id, rewriteRefs(def), io);
    }
    return rewritten;
  }

  private addComponent(id: string, def: JsonSchema, io: 'input' | 'output'): void {
    const existing = this.components[id];
    if (existing && JSON.stringify(existing) !== JSON.stringify(def)) {
      // The same name with two shapes (input vs output view) would make the document lie.
      throw new Error(`schema ${id} converts differently as ${io}; name only one view of it`);
    }
    this.components[id] = def;
  }
}

function rewriteRefs(schema: JsonSchema): JsonSchema {
  return JSON.parse(
    JSON.stringify(schema).replaceAll('"#/$defs/', '"#/components/schemas/'),
  ) as JsonSchema;
}
