// The CSV writer every export goes through: what a French spreadsheet needs to open the file right.
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvDay, csvFile, writeCsv, type CsvColumn } from '../../../shared/exports/csv-writer';

type Row = { name: string; day: string | null; n: number | null };
const columns: CsvColumn<Row>[] = [
  { header: 'Nom', value: (r) => r.name },
  { header: 'Déposée le', value: (r) => csvDay(r.day) },
  { header: 'Nombre', value: (r) => r.n },
];

describe('writeCsv', () => {
  it('starts with a BOM, separates with ; and ends lines with CRLF', () => {
    const text = writeCsv(columns, [{ name: 'Élodie', day: '2026-12-19', n: 3 }]);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.slice(1)).toBe('Nom;Déposée le;Nombre\r\nÉlodie;19/12/2026;3\r\n');
  });

  it('leaves absent values empty and quotes what holds the separator, quotes or line breaks', () => {
    const text = writeCsv(columns, [{ name: 'Dupont; "Jo"\nsuite', day: null, n: null }]);
    const parsed = Papa.parse<string[]>(text.slice(1), { delimiter: ';', skipEmptyLines: true });
    expect(parsed.data[1]).toEqual(['Dupont; "Jo"\nsuite', '', '']);
  });

  it('neutralises cells a spreadsheet would run as formulas', () => {
    const text = writeCsv(columns, [{ name: '=HYPERLINK("http://x")', day: null, n: null }, { name: '+33 6 12', day: null, n: null }]);
    const parsed = Papa.parse<string[]>(text.slice(1), { delimiter: ';', skipEmptyLines: true });
    expect(parsed.data[1]![0]).toBe('\'=HYPERLINK("http://x")');
    expect(parsed.data[2]![0]).toBe("'+33 6 12");
  });

  it('writes the header alone for no rows, and csvFile names a UTF-8 CSV', () => {
    expect(writeCsv(columns, []).slice(1)).toBe('Nom;Déposée le;Nombre\r\n');
    const file = csvFile('x.csv', columns, []);
    expect(file).toMatchObject({ fileName: 'x.csv', mimeType: 'text/csv;charset=utf-8' });
  });
});
