import { KEPT_FOR, NEVER_RECORDED, RECORDED, SYNC_FACTS, SYNC_SENT } from '../../src/contract/disclosure';

function rows(selector: string, entries: ReadonlyArray<readonly [string, string]>, code = false): void {
  const body = document.querySelector(`${selector} tbody`)!;
  for (const [what, details] of entries) {
    const tr = document.createElement('tr');
    const th = document.createElement('th');
    th.scope = 'row';
    if (code) th.append(Object.assign(document.createElement('code'), { textContent: what }));
    else th.textContent = what;
    const td = document.createElement('td');
    td.textContent = details;
    tr.append(th, td);
    body.append(tr);
  }
}
rows('#recorded', RECORDED);
rows('#kept', KEPT_FOR);
rows('#sync-sent', SYNC_SENT, true);
const facts = document.querySelector('#sync-facts')!;
for (const item of SYNC_FACTS) facts.append(Object.assign(document.createElement('li'), { textContent: item }));
const never = document.querySelector('#never')!;
for (const item of NEVER_RECORDED) {
  const li = document.createElement('li');
  li.textContent = item;
  never.append(li);
}
