'use strict';
// The example app of compose.yaml: it calls CloudFlow at FNF_ENDPOINT (flowmock in compose,
// the real service in production) and, being a test, resets its mock session first. Node
// built-ins only; a real app would use @alicloud/fnf-2019-03-15 (see the README).

const endpoint = process.env.FNF_ENDPOINT || 'http://127.0.0.1:8080';
const session = 'compose-example';

async function main() {
  const reset = await fetch(`${endpoint}/_mock/sessions/${session}/reset`, { method: 'POST' });
  if (reset.status !== 200) throw new Error(`reset: ${reset.status} ${await reset.text()}`);
  const res = await fetch(`${endpoint}/?Action=ListFlows&Version=2019-03-15&Limit=10`, {
    headers: { 'X-Mock-Session': session },
  });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`ListFlows: ${res.status} ${JSON.stringify(body)}`);
  console.log('flows:', body.Flows.map((f) => f.Name).join(', '));
}

main().catch((err) => { console.error(err); process.exit(1); });
