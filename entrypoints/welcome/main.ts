import { KEPT_FOR, NEVER_RECORDED, RECORDED } from '../../src/contract/disclosure';

function rows(selector: string, entries: ReadonlyArray<readonly [string, string]>): void {
  const tbody = document.querySelector(selector)!;
  for (const [what, details] of entries) {
    const tr = document.createElement('tr');
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = what;
    const td = document.createElement('td');
    td.textContent = details;
    tr.append(th, td);
    tbody.append(tr);
  }
}
rows('#recorded tbody', RECORDED);
rows('#kept tbody', KEPT_FOR);
const never = document.querySelector('#never')!;
for (const item of NEVER_RECORDED) {
  const li = document.createElement('li');
  li.textContent = item;
  never.append(li);
}
