/**
 * Words the seed builds debtor and company names from, so trigram search
 * meets what real data has: common surnames shared by thousands of rows,
 * rare ones by a few, accents, and company words reused across names.
 */
// prettier-ignore
export const FIRST_NAMES = [
  'Anna', 'Lukas', 'Sophie', 'Jonas', 'Emma', 'Felix', 'Mia', 'Paul', 'Lena', 'Maximilian',
  'Hannah', 'Leon', 'Marie', 'Finn', 'Clara', 'Elias', 'Laura', 'Noah', 'Julia', 'David',
  'Oliver', 'Charlotte', 'James', 'Amelia', 'Harry', 'Olivia', 'George', 'Isla', 'Jack', 'Grace',
  'Louis', 'Camille', 'Hugo', 'Léa', 'Gabriel', 'Chloé', 'Arthur', 'Manon', 'Jules', 'Inès',
  'Daan', 'Sanne', 'Sem', 'Fleur', 'Lars', 'Ingrid', 'Erik', 'Astrid', 'Nils', 'Freja',
  'Carlos', 'Lucía', 'Javier', 'Carmen', 'Pablo', 'María', 'Diego', 'Sofía', 'Miguel', 'Elena',
];

// prettier-ignore
export const LAST_NAMES = [
  'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz',
  'Hoffmann', 'Koch', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann',
  'Braun', 'Krüger', 'Hofmann', 'Hartmann', 'Lange', 'Werner', 'Krause', 'Lehmann', 'Köhler',
  'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Robinson',
  'Wright', 'Thompson', 'Evans', 'Walker', 'Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert',
  'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'de Jong', 'Jansen', 'de Vries', 'van Dijk',
  'Bakker', 'Visser', 'Smit', 'Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson',
  'Larsson', 'García', 'Fernández', 'González', 'Rodríguez', 'López', 'Martínez', 'Sánchez',
  'Pérez', 'Debrunner', 'Dettmer', 'Deschamps', 'Delacroix', 'Demir', 'Dekker', 'Devlin',
];

/** The first word of a company name; with a surname or a second word and a legal form. */
// prettier-ignore
export const COMPANY_WORDS = [
  'Nordic', 'Alpine', 'Baltic', 'Atlantic', 'Central', 'United', 'Global', 'Royal', 'Golden',
  'Silver', 'Blue', 'Green', 'Red', 'Summit', 'Harbour', 'River', 'Lake', 'Forest', 'Meadow',
  'Stone', 'Iron', 'Oak', 'Pine', 'Cedar', 'Delta', 'Vertex', 'Pioneer', 'Horizon', 'Keystone',
  'Beacon', 'Crescent', 'Falcon', 'Phoenix', 'Orion', 'Zenith', 'Aurora', 'Nova', 'Apex',
];

// prettier-ignore
export const COMPANY_TRADES = [
  'Logistik', 'Bau', 'Handel', 'Technik', 'Software', 'Consulting', 'Foods', 'Textiles',
  'Metals', 'Energy', 'Pharma', 'Print', 'Transport', 'Design', 'Media', 'Systems', 'Trading',
  'Holding', 'Services', 'Medical', 'Solar', 'Marine', 'Motors', 'Interiors', 'Labs', 'Retail',
];

// prettier-ignore
export const LEGAL_FORMS = [
  'GmbH', 'AG', 'Ltd', 'PLC', 'B.V.', 'N.V.', 'SAS', 'SARL', 'AB', 'ApS', 'AS', 'S.L.', 'S.A.',
  'LLC', 'Inc.', 'KG',
];
