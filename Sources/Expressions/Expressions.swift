// The Expressions module.
