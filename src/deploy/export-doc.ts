import { z } from 'zod';
import { EXPORT_FORMAT, EXPORT_SCHEMA_VERSION, ExportFile } from '../contract/export';
import { ROLLUP_COUNTS } from '../contract/rollup';

/**
 * docs/export-format.md: the personal export, documented from its zod schema,
 * so a person (or another tool) can read, check or produce one, and the page
 * can never describe a field the importer does not accept.
 */
export function exportFormatDoc(): string {
  const schema = z.toJSONSchema(ExportFile, { target: 'draft-2020-12', unrepresentable: 'any' });
  return `<!-- Generated from src/contract/export.ts by \`npm run deploy:generate\`. Do not edit by hand. -->
# The personal export file

The options page's **Export all my data (JSON)** writes one JSON file holding
everything Leadline keeps on this browser; **Import** reads it back, on this
computer or a new one. Like the stored data, it holds no text, titles, URLs or
conversation ids: every field is an enum, a number, a day or a random key.

- \`format\` is always \`"${EXPORT_FORMAT}"\`; a file without it is refused as not a Leadline export.
- \`schemaVersion\` is ${EXPORT_SCHEMA_VERSION}. A file with a higher version was made by a newer
  Leadline and is refused, with nothing changed, rather than guessed at.
- \`device\` is the random id of the browser that wrote the file. It is made at install
  (and again after **Delete all my data**) and says nothing about the person.
- \`eventsByDevice\` holds the raw events still within retention, by the device that
  recorded them.
- \`rollups\` holds one row per device, tool and local day: ${ROLLUP_COUNTS.map((c) => `\`${c}\``).join(', ')}, and
  \`features\` (uses per feature). Rollups are kept for 13 months; the metrics in
  [metrics.md](metrics.md) are computed from them.
- \`settings\` is the person's own settings at export time, for their information. Import does not apply them.

## Import

- Atomic: the whole file lands, or nothing changes.
- Merges without duplicates: raw events by their id; rollups by device, tool and day, keeping
  the row that counts more events (a later export of the same device is a superset).
  Importing the same file twice changes nothing the second time.
- Raw events that come without their rollups (a file written by hand or by another tool)
  are rolled up on import, by the same code that rolls up recorded events; where the file
  also has a row for that device, tool and day, the one counting more events is kept.
- \`seq\` (the write order) of another device's events is kept as it is; this device's
  events imported back are given new places after everything already stored.
- A damaged file, a file that is not a Leadline export, or one from a newer schema is refused
  with a message saying which, and nothing changes.

## JSON Schema

\`\`\`json
${JSON.stringify(schema, null, 2)}
\`\`\`
`;
}
