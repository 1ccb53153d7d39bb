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

// chain is a flow of n Pass states in a row.
function chain(n) {
  const states = [];
  for (let i = 1; i <= n; i++) {
    states.push(`  - Type: Pass\n    Name: S${i}\n    ${i < n ? `Next: S${i + 1}` : 'End: true'}`);
  }
  return `Type: StateMachine\nName: long\nSpecVersion: v1\nStartAt: S1\nStates:\n${states.join('\n')}\n`;
}

module.exports = { SHOP, CALLBACK, WAITER, OLD, MOCKS, chain };
