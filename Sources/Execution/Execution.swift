// The Execution module.
