// The globals the console's scripts share (hand-written; control.d.ts beside it is generated).
// The scripts are classic ones but api.js, a module, so each view reaches the others through
// window; these declarations let tsc check those uses as it checks the control-plane calls.

interface Window {
  fm: typeof import('../assets/api.js').fm;
  fmGraph: any;
  fmExec: { open(flow: string, name: string): Promise<void>; refresh(): void };
  fmFlows: any;
  fmScenarios: { refresh(): Promise<void> };
  fmSession: { pickFor(flow: string): void; refresh(): void };
  fmJournal: { poll(): Promise<void> };
  dagre: any;
  jsyaml: { load(text: string): unknown };
}
