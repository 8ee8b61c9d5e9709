import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventCatalogue, exampleEnvelope } from '../src';

// The README is hand-edited prose around generated facts; this keeps the facts true.
const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');

function jsonBlockAfterHeading(heading: string): unknown {
  const section = readme.split(`\n### ${heading}\n`)[1];
  const block = section?.match(/```json\n([\s\S]*?)\n```/)?.[1];
  return block === undefined ? undefined : JSON.parse(block);
}

describe('the package README', () => {
  it.each(eventCatalogue.map((e) => [e.type, e] as const))(
    'documents %s with its description and current example',
    (type, entry) => {
      const row = readme.split('\n').find((line) => line.startsWith(`| [\`${type}\`]`));
      expect(row).toContain(`(#${type.replace('.', '')})`);
      expect(row).toContain(entry.description);
      expect(jsonBlockAfterHeading(type)).toEqual(exampleEnvelope(type));
    },
  );
});
