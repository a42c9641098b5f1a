import { NEVER_RECORDED, RECORDED } from '../../src/contract/disclosure';

const tbody = document.querySelector('#recorded tbody')!;
for (const [what, details] of RECORDED) {
  const tr = document.createElement('tr');
  const th = document.createElement('th');
  th.scope = 'row';
  th.textContent = what;
  const td = document.createElement('td');
  td.textContent = details;
  tr.append(th, td);
  tbody.append(tr);
}
const never = document.querySelector('#never')!;
for (const item of NEVER_RECORDED) {
  const li = document.createElement('li');
  li.textContent = item;
  never.append(li);
}
