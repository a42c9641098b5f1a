import { z } from 'zod';
import { DIMENSIONS, LEVELS } from '../contract/depth';
import {
  ERROR_CODES,
  ErrorBody,
  IngestResult,
  MAX_BODY_BYTES,
  MAX_SNAPSHOTS_PER_BATCH,
  MAX_TOOLS_PER_SNAPSHOT,
  SYNC_SCHEMA_VERSION,
  SnapshotBatch,
  TEAM_MAX_DEPTH,
  WEEK_PROMPT_BUCKETS,
} from '../contract/sync';
import { DEFAULT_WEEK_OPEN_DAYS, EARLIEST_UTC_OFFSET_HOURS, LATEST_UTC_OFFSET_HOURS } from '../contract/week';

/**
 * docs/sync-format.md: the one thing that leaves a device when team sync is
 * on, documented from the zod schema in src/contract/sync.ts, so the page can
 * never describe a field the collector does not accept (or miss one it does).
 */
export function syncFormatDoc(): string {
  const schema = (s: z.ZodType) => JSON.stringify(z.toJSONSchema(s, { target: 'draft-2020-12', unrepresentable: 'any' }), null, 2);
  return `<!-- Generated from src/contract/sync.ts by \`npm run deploy:generate\`. Do not edit by hand. -->
# The sync format

When IT turns team sync on, the extension sends the collector one **member
snapshot** per ISO week, and nothing else. The collector folds snapshots into
team counts and publishes only figures that cover at least k members (see
[collector.md](collector.md)).

## A member snapshot

Schema version ${SYNC_SCHEMA_VERSION}. Every field is required; an unknown field (\`__proto__\` included) refuses the batch.

| field | what it holds |
|---|---|
| \`v\` | the schema version, ${SYNC_SCHEMA_VERSION} |
| \`week\` | the ISO week it covers, \`YYYY-Www\` (Monday to Sunday, in the member's local calendar) |
| \`team\` | the team path: 1–${TEAM_MAX_DEPTH} segments of \`[a-z0-9][a-z0-9-]{0,39}\` joined by \`/\`, e.g. \`acme/engineering/platform\` |
| \`pseudonym\` | 128 random bits as 32 lowercase hex characters, new for every member and every week, so weeks cannot be linked |
| \`withdrawalHash\` | the SHA-256 (64 lowercase hex) of a 256-bit secret that only the device keeps; sending the secret later withdraws the snapshot |
| \`level\` | the usage level over the 12 weeks ending with \`week\`: ${LEVELS.map((l) => `\`${l}\``).join(', ')} |
| \`activeDays\` | days of the week with at least one prompt, 0–7 |
| \`prompts\` | prompts in the week, as a bucket: ${WEEK_PROMPT_BUCKETS.map((b) => `\`${b}\``).join(', ')} |
| \`dimensions\` | the seven depth scores over the 28 days ending with the week's Sunday, 0–100 rounded to tens: ${DIMENSIONS.map((d) => `\`${d}\``).join(', ')} |
| \`tools\` | the tool ids used that week, unique, at most ${MAX_TOOLS_PER_SNAPSHOT} |
| \`features\` | the features used that week, unique |
| \`extensionVersion\` | the extension's \`major.minor\` version |

**Nothing else:** no time finer than the week, no device id, no conversation
key, no exact count, no text, title or URL.

## Sending

- \`POST /v1/snapshots\` with \`Authorization: Bearer <enroll token>\` and
  \`Content-Type: application/json\`; the body is \`{"snapshots": [...]}\`, 1 to
  ${MAX_SNAPSHOTS_PER_BATCH} snapshots, at most ${MAX_BODY_BYTES / 1024} KiB.
- A batch is written whole or not at all. A resend of the same week and
  pseudonym (with the same withdrawal hash) replaces the earlier copy.
- A week is accepted once its Sunday has ended in UTC+${EARLIEST_UTC_OFFSET_HOURS} (the earliest
  time zone), and until it closes, ${DEFAULT_WEEK_OPEN_DAYS} days after its Sunday has ended in
  UTC${LATEST_UTC_OFFSET_HOURS} (the latest). Earlier answers 400 \`week_not_complete\`; later, 400 \`week_closed\`.
- Withdrawal: \`DELETE /v1/snapshots/{pseudonym}\` with \`Authorization: Bearer <secret>\`
  (the 64-hex secret whose SHA-256, taken over its 64 characters, is the withdrawal hash) → 204.

## Answers

200: \`{"accepted", "new", "replaced"}\`. Any other status carries one envelope,
\`{"error": {"code", "message", "issues"?}}\`; issues give the snapshot's
\`index\` and the field \`path\`, never the value sent. Codes, stable across
versions: ${ERROR_CODES.map((c) => `\`${c}\``).join(', ')}.

## JSON Schema: the batch

\`\`\`json
${schema(SnapshotBatch)}
\`\`\`

## JSON Schema: the answer

\`\`\`json
${schema(IngestResult)}
\`\`\`

## JSON Schema: the error envelope

\`\`\`json
${schema(ErrorBody)}
\`\`\`
`;
}
