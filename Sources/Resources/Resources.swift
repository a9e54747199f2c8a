// The Resources module.
