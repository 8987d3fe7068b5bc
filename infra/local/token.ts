// `npm run -s token -- --resident-id <id> --name <name>` or `-- --uscc <code> --name <name>`:
// mints an applicant token from the local dev issuer (the key in the data dir) and prints it.
// `npm run -s token -- --supervisor --name <name>` mints a supervisor's (GET /supervision/stats),
// `npm run -s token -- --officer --department SCJGJ --name <name>` an officer's (the department desk).
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openDevIssuer, type DevClaims } from './dev-issuer.ts';

const { values } = parseArgs({
  options: {
    'resident-id': { type: 'string' },
    uscc: { type: 'string' },
    name: { type: 'string', default: '测试申请人' },
    sub: { type: 'string' },
    agent: { type: 'boolean', default: false },
    supervisor: { type: 'boolean', default: false },
    officer: { type: 'boolean', default: false },
    department: { type: 'string' },
    'ttl-seconds': { type: 'string', default: '28800' },
  },
});
const residentId = values['resident-id']?.toUpperCase();
const hasIdentity = residentId !== undefined || values.uscc !== undefined;
const staff = values.supervisor || values.officer;
const valid = staff
  ? !hasIdentity && !values.agent && !(values.supervisor && values.officer) && (values.officer ? values.department !== undefined : values.department === undefined)
  : (residentId === undefined) !== (values.uscc === undefined) && values.department === undefined;
if (!valid) {
  console.error(
    'usage: npm run -s token -- (--resident-id <18-char id> | --uscc <18-char code>) [--name <name>] [--sub <subject>] [--agent]\n' +
      '       npm run -s token -- --supervisor [--name <name>] [--sub <subject>]\n' +
      '       npm run -s token -- --officer --department <code> [--name <name>] [--sub <subject>]',
  );
  process.exit(2);
}
const sub = values.sub ? { sub: values.sub } : {};
const claims: DevClaims = values.supervisor
  ? { name: values.name, role: 'supervisor', ...sub }
  : values.officer
    ? { name: values.name, role: 'officer', department: values.department as string, ...sub }
    : {
        name: values.name,
        ...(residentId ? { resident_id: residentId } : { uscc: values.uscc }),
        ...sub,
        ...(values.agent ? { role: 'agent' as const } : {}),
      };
const dataDir = resolve(process.env.DATA_DIR ?? join(import.meta.dirname, '..', '..', '.local', 'data'));
const issuer = await openDevIssuer(dataDir);
process.stdout.write(`${await issuer.mint(claims, Number(values['ttl-seconds']))}\n`);
