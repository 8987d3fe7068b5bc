// The single case-store table: keys and indexes, shared by the CDK construct and the local stack.
// Item layout (pk / sk):
//   APP#<applicationId>  / META              draft application
//   APP#<applicationId>  / DOC#<material>    uploaded document metadata (verified or rejected)
//   CASE#<caseNo>        / META              case state, `version`, audit head
//   CASE#<caseNo>        / AUDIT#<seq>       append-only, hash-chained audit entry
//   CASE#<caseNo>        / WORK#<dept>       department work item (holds the task token; never served)
//   CASE#<caseNo>        / SUPERVISION       电子监察 record: deadlines, warning marker (functions/adapters/supervision.ts)
//   LICENCE#<id>         / META              e-licence record (functions/adapters/licences.ts)
//   LICENCE#<id>         / READ#<at>#<req>   a department's read of it, with the purpose of use (用证事由)
//   CASE#<caseNo>        / LICENCE           the licence being issued: id and QR token fixed once
//   SERIAL#<type>#<uscc> / META              licence serial counter per type and issuer (GB/T 36904)
//   SEALKEY#<kid>        / CERTIFICATE#<dept> the seal key's self-signed certificate for a department (functions/adapters/seal-certificates.ts)

export const tableDesign = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Epoch seconds; DynamoDB TTL removes idempotency records and nonces. */
  timeToLiveAttribute: 'expiresAt',
  indexes: {
    /** applicant → their cases, newest first. */
    byApplicant: { partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    /**
     * department → open work items by due date (DEPT#<code>, `<due>#<id>`; sparse: only open items
     * carry the keys); also province → in-flight cases by committed deadline (CASEDUE#<province>).
     */
    byDepartmentDue: { partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    /** holder → e-licences (HOLDER#…); also accepted cases by month (ACCEPTED#<province>#<yyyy-mm>) for statistics. */
    byHolder: { partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
  },
} as const;

export type IndexName = keyof typeof tableDesign.indexes;
