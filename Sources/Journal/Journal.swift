// The Journal module.
