import { DEFAULT_FX_RATES_FILE, parseFxRates } from '../src/fx/fx-rates';
import { readFileSync } from 'node:fs';

describe('parseFxRates', () => {
  it('reads the shipped file: USD is 1, and every currency once', () => {
    const rates = parseFxRates(readFileSync(DEFAULT_FX_RATES_FILE, 'utf8'));
    expect(rates.find((r) => r.currency === 'USD')).toEqual({
      currency: 'USD',
      minorUnits: 2,
      usdPerUnit: 1,
    });
    expect(rates.find((r) => r.currency === 'JPY')?.minorUnits).toBe(0);
    expect(new Set(rates.map((r) => r.currency)).size).toBe(rates.length);
  });

  it('refuses the whole file on one bad line, naming it', () => {
    expect(() => parseFxRates('currency,minor_units,usd_per_unit\nEUR,2,1.08\nGBP,2,-1\n')).toThrow(
      /line 3 \("GBP,2,-1"\)/,
    );
    expect(() => parseFxRates('eur,2,1')).toThrow(/line 1/);
    expect(() => parseFxRates('EUR,2,1,extra')).toThrow(/too many columns/);
    expect(() => parseFxRates('# nothing\n')).toThrow(/no rates/);
  });
});
