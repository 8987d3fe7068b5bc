// `npm run -s token -- --resident-id <id> --name <name>` or `-- --uscc <code> --name <name>`:
// mints an applicant token from the local dev issuer (the key in the data dir) and prints it.
// `npm run -s token -- --supervisor --name <name>` mints a supervisor's (GET /supervision/stats).
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openDevIssuer } from './dev-issuer.ts';

const { values } = parseArgs({
  options: {
    'resident-id': { type: 'string' },
    uscc: { type: 'string' },
    name: { type: 'string', default: '测试申请人' },
    sub: { type: 'string' },
    agent: { type: 'boolean', default: false },
    supervisor: { type: 'boolean', default: false },
    'ttl-seconds': { type: 'string', default: '28800' },
  },
});
const residentId = values['resident-id']?.toUpperCase();
const hasIdentity = residentId !== undefined || values.uscc !== undefined;
if (values.supervisor ? hasIdentity || values.agent : (residentId === undefined) === (values.uscc === undefined)) {
  console.error(
    'usage: npm run -s token -- (--resident-id <18-char id> | --uscc <18-char code>) [--name <name>] [--sub <subject>] [--agent]\n' +
      '       npm run -s token -- --supervisor [--name <name>] [--sub <subject>]',
  );
  process.exit(2);
}
const dataDir = resolve(process.env.DATA_DIR ?? join(import.meta.dirname, '..', '..', '.local', 'data'));
const issuer = await openDevIssuer(dataDir);
const token = await issuer.mint(
  values.supervisor
    ? { name: values.name, role: 'supervisor', ...(values.sub ? { sub: values.sub } : {}) }
    : {
        name: values.name,
        ...(residentId ? { resident_id: residentId } : { uscc: values.uscc }),
        ...(values.sub ? { sub: values.sub } : {}),
        ...(values.agent ? { role: 'agent' as const } : {}),
      },
  Number(values['ttl-seconds']),
);
process.stdout.write(`${token}\n`);
