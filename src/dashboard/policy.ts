/**
 * The policy snippet the empty state hands to IT: the sync settings of
 * src/contract/config.ts (syncEnabled, collectorUrl, enrollmentToken, teamId),
 * with this collector's own origin. Placeholders stay visibly placeholders.
 */
export function policySnippet(origin: string): string {
  return JSON.stringify(
    {
      syncEnabled: true,
      collectorUrl: origin,
      enrollmentToken: 'll_enroll_…',
      teamId: 'your-org/your-team',
    },
    null,
    2,
  );
}
