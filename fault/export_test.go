package fault

// Sleep is sleep, for the tests of package fault_test.
var Sleep = sleep
