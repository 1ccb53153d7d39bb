package mockfile_test

import (
	"fmt"

	"github.com/flowmock/flowmock/mockfile"
)

const orders = `Flows:
  order_pipeline:
    TestCases:
      HappyPath:    { ChargeCard: ChargeOK, Ship: ShipOK }
      CardDeclined: { ChargeCard: DeclinedThenOK }
MockedResponses:
  ChargeOK:        { "0": { Return: { charged: true } } }
  ShipOK:          { "0": { Return: { tracking: "SF123" }, Delay: 2s } }
  DeclinedThenOK:
    "0-1": { Throw: { Error: FC.CardDeclined, Cause: "card declined" } }
    "2":   { Return: { charged: true } }
`

func ExampleCase_Answer() {
	f, err := mockfile.Parse("mocks.yaml", []byte(orders))
	if err != nil {
		panic(err)
	}
	c, _ := f.Case("order_pipeline", "CardDeclined")
	for i := range 4 { // the first invocation of ChargeCard, its two retries, and one more
		a, ok := c.Answer("ChargeCard", i)
		switch {
		case !ok:
			fmt.Println(i, "not mocked")
		case a.Throw != nil:
			fmt.Println(i, "throws", a.Throw.Error)
		default:
			fmt.Println(i, "returns", string(a.Return))
		}
	}
	// Output:
	// 0 throws FC.CardDeclined
	// 1 throws FC.CardDeclined
	// 2 returns {"charged":true}
	// 3 not mocked
}

func ExampleFile_Check() {
	f, err := mockfile.Parse("mocks.yaml", []byte(orders))
	if err != nil {
		panic(err)
	}
	// The flow's definition has the task states ChargeCard and ShipOrder.
	fmt.Println(f.Check("order_pipeline", "HappyPath", []string{"ChargeCard", "ShipOrder"}))
	// Output:
	// mocks.yaml:4: Flows.order_pipeline.TestCases.HappyPath.Ship: test case HappyPath mocks state "Ship", which is not a task state of flow order_pipeline (its task states: ChargeCard, ShipOrder)
}

func ExampleParse() {
	_, err := mockfile.Parse("mocks.yaml", []byte(`Flows:
  order_pipeline:
    TestCases:
      HappyPath: { ChargeCard: ChargeOk }
MockedResponses:
  ChargeOK:
    "0": { return: { charged: true } }
    "0-1": { Throw: { Error: FC.Timeout } }
`))
	fmt.Println(err)
	// Output:
	// mocks.yaml:4: Flows.order_pipeline.TestCases.HappyPath.ChargeCard: mocked response "ChargeOk" is not defined (did you mean "ChargeOK"?)
	// mocks.yaml:7: MockedResponses.ChargeOK.0.return: unknown field (did you mean "Return"?)
}
