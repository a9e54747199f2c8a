import Testing

@Suite struct PlanningPlaceholder {}
