'use strict';
// Definitions and the mock file the execution test uses.

const SHOP = `Type: StateMachine
Name: shop
SpecVersion: v1
StartAt: Charge
States:
  - Type: Task
    Name: Charge
    Action: FC:InvokeFunction
    TaskMode: RequestComplete
    Parameters:
      resourceArn: acs:fc:cn-hangzhou:123:functions/charge
    Retry:
      - Errors: [FC.Flaky]
        MaxAttempts: 3
        IntervalSeconds: 1
    Next: Pick
  - Type: Choice
    Name: Pick
    Branches:
      - Condition: $Input.charged == true
        Next: Fan
    Default: Nope
  - Type: Fail
    Name: Nope
    Code: NotCharged
  - Type: Parallel
    Name: Fan
    Branches:
      - StartAt: P1
        States:
          - Type: Pass
            Name: P1
            End: true
      - StartAt: Items
        States:
          - Type: Map
            Name: Items
            ItemsPath: $Input.items
            Processor:
              StartAt: Each
              States:
                - Type: Pass
                  Name: Each
                  End: true
            End: true
    Next: Done
  - Type: Succeed
    Name: Done
`;

const CALLBACK = `Type: StateMachine
Name: approve
SpecVersion: v1
StartAt: Approve
States:
  - Type: Task
    Name: Approve
    Action: HTTP:Request
    TaskMode: WaitForCustomCallback
    Parameters:
      method: POST
      url: https://approvals.example.com/ask
    End: true
`;

const WAITER = `Type: StateMachine
Name: waiter
SpecVersion: v1
StartAt: Sleep
States:
  - Type: Wait
    Name: Sleep
    Seconds: 300
    Next: Woke
  - Type: Pass
    Name: Woke
    End: true
`;

// An old-dialect flow: a parallel of two passes, then a pass.
const OLD = `version: v1
type: flow
steps:
  - type: parallel
    name: myparallel
    branches:
      - steps:
        - type: pass
          name: pass1
      - steps:
        - type: pass
          name: pass2
  - type: pass
    name: last
`;

// The shop's Charge fails twice with FC.Flaky, then returns (the Choice then takes Fan).
const MOCKS = `Flows:
  shop:
    TestCases:
      ThrowTwice: { Charge: FlakyThenCharged }
MockedResponses:
  FlakyThenCharged:
    "0-1": { Throw: { Error: FC.Flaky, Cause: "flaky card network" } }
    "2":   { Return: { charged: true, items: [{ sku: A }, { sku: B }] } }
`;

// A task whose error a Catch sends to Refund; the test cases throw the caught error, or one
// the Catch does not name.
const GUARD = `Type: StateMachine
Name: guard
SpecVersion: v1
StartAt: Charge
States:
  - Type: Task
    Name: Charge
    Action: FC:InvokeFunction
    TaskMode: RequestComplete
    Parameters:
      resourceArn: acs:fc:cn-hangzhou:123:functions/charge
    Catch:
      - Errors: [Card.Declined]
        Next: Refund
    Next: Done
  - Type: Pass
    Name: Refund
    Next: Done
  - Type: Succeed
    Name: Done
`;

const GUARD_MOCKS = `Flows:
  guard:
    TestCases:
      Declined: { Charge: Declined }
      Down: { Charge: Down }
MockedResponses:
  Declined:
    "0": { Throw: { Error: Card.Declined, Cause: "insufficient funds" } }
  Down:
    "0": { Throw: { Error: FC.Unavailable, Cause: "the function is down" } }
`;

// passes is a flow of Pass states named as given, in a row.
function passes(name, ...states) {
  const body = states.map((s, i) => `  - Type: Pass\n    Name: ${s}\n    ${i < states.length - 1 ? `Next: ${states[i + 1]}` : 'End: true'}`);
  return `Type: StateMachine\nName: ${name}\nSpecVersion: v1\nStartAt: ${states[0]}\nStates:\n${body.join('\n')}\n`;
}

// chain is a flow of n Pass states in a row.
function chain(n) {
  return passes('long', ...Array.from({ length: n }, (_, i) => `S${i + 1}`));
}

module.exports = { SHOP, CALLBACK, WAITER, OLD, MOCKS, GUARD, GUARD_MOCKS, chain, passes };
