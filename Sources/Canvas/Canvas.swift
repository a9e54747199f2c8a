// The Canvas module.
