// The Planning module.
