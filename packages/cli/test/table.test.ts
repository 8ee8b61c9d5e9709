import { details, table } from '../src/table';

describe('table', () => {
  it('aligns columns under upper-case headers, numbers to the right, empty cells as -', () => {
    const rows = [
      { id: 'sub_1', failures: 8, url: 'https://a.example/x' },
      { id: 'sub_22', failures: 0, url: null },
    ];
    const text = table(rows, [
      { header: 'id', value: (r) => r.id },
      { header: 'failures', value: (r) => r.failures, align: 'right' },
      { header: 'url', value: (r) => r.url },
    ]);
    expect(text.split('\n')).toEqual([
      'ID      FAILURES  URL',
      'sub_1          8  https://a.example/x',
      'sub_22         0  -',
    ]);
  });

  it('keeps one row per line whatever a value holds', () => {
    const text = table([{ v: 'line one\nline two\tend' }], [{ header: 'v', value: (r) => r.v }]);
    expect(text.split('\n')).toEqual(['V', 'line one line two end']);
  });

  it('prints only the headers for no rows', () => {
    expect(table([], [{ header: 'id', value: () => 'x' }])).toBe('ID');
  });
});

describe('details', () => {
  it('aligns labels and shows a missing value as -', () => {
    expect(
      details([
        ['Subscription', 'sub_1'],
        ['URL', undefined],
      ]).split('\n'),
    ).toEqual(['Subscription  sub_1', 'URL           -']);
  });
});
