/** The demo's cast: partners, companies, debtors and where they are. */

export const SEEDED_PARTNERS = [
  { name: 'Northwind Accounting', referralFeePercent: 20 },
  { name: 'Ledgerly', referralFeePercent: 15 },
  { name: 'Cashflow Cloud', referralFeePercent: 25 },
];

// Debtor countries by weight, with their currency. JP and BR have no
// collection partner; AT, ES and US need contracts beyond the SDCA.
export const DEBTOR_COUNTRIES: [country: string, currency: string, weight: number][] = [
  ['DE', 'EUR', 30],
  ['NL', 'EUR', 10],
  ['GB', 'GBP', 10],
  ['FR', 'EUR', 8],
  ['AT', 'EUR', 8],
  ['SE', 'SEK', 5],
  ['DK', 'DKK', 5],
  ['US', 'USD', 8],
  ['ES', 'EUR', 6],
  ['JP', 'JPY', 2],
  ['BR', 'BRL', 2],
];
export const CLIENT_COUNTRIES = ['DE', 'DE', 'DE', 'AT', 'NL', 'GB', 'FR', 'SE', 'DK', 'US'];
export const COMPANY_WORDS = [
  'Nordlicht',
  'Bergmann',
  'Kaiser',
  'Hafen',
  'Linden',
  'Sonnen',
  'Falken',
  'Eichen',
  'Stern',
  'Adler',
  'Rhein',
  'Alster',
  'Birken',
  'Wiesen',
  'Mühlen',
  'Brücken',
  'Felsen',
  'Quell',
];
export const COMPANY_KINDS = [
  'Logistik',
  'Handel',
  'Bau',
  'Technik',
  'Medien',
  'Textil',
  'Druck',
  'Möbel',
];
export const DEBTOR_NAMES = [
  'Bäckerei Sommer',
  'Kranich Transporte',
  'Atelier Blau',
  'Vega Retail',
  'Orbit Services',
  'Maple & Co',
  'Delta Foods',
  'Hansen Byg',
  'Lund Design',
  'Costa Verde',
  'Kobayashi Trading',
  'Rio Claro Ltda',
  'Meier Elektro',
  'Blue Harbour',
  'Studio Nord',
  'Fjord Fisk',
  'Bravo Bikes',
];
