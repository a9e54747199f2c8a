// The planner: reads live state and computes what a job would change.
